import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BcmError } from '../../src/shared/errors';
import type { BcmApi } from '../../src/shared/client';
import type { Endpoint } from '../../src/shared/endpoints';
import type { InstanceEvent } from '../../src/shared/instances';
import { invokeChannels } from '../../src/shared/contract';
import type { Router } from '../../src/main/ipc/router';
import { createFixture, sampleEndpoint, type Fixture } from './fixture';

export interface Transport {
  api: BcmApi;
  close(): Promise<void>;
}

const waitFor = async (check: () => boolean, ms = 2000): Promise<void> => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

async function expectBcmError(promise: Promise<unknown>): Promise<BcmError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BcmError);
  return err as BcmError;
}

/** One suite, run against every transport: the contract must behave the same over each. */
export function contractSuite(name: string, connect: (router: Router) => Promise<Transport>): void {
  describe(`IPC contract over ${name}`, () => {
    let fx: Fixture;
    let t: Transport;
    beforeEach(async () => {
      fx = createFixture();
      t = await connect(fx.router);
    });
    afterEach(async () => {
      await t.close();
    });

    it('answers a request with the handler value, typed by the contract', async () => {
      const info = await t.api.invoke('app.info', {});
      expect(invokeChannels['app.info'].output.parse(info)).toEqual(info);
      expect(info.version).toBe('0.0.0-test');
      const list = await t.api.invoke('endpoints.list', {});
      expect(list).toEqual([sampleEndpoint]);
    });

    it('passes validated input to the handler', async () => {
      const added = await t.api.invoke('endpoints.addRemote', {
        name: 'office',
        address: '  192.0.2.20:8443 ',
        fingerprint: 'c'.repeat(64),
        credential: { kind: 'password', password: 'secret' },
      });
      expect(added.name).toBe('office');
      // the contract trims the address before the handler sees it
      expect(fx.calls.at(-1)).toEqual({
        channel: 'endpoints.addRemote',
        input: { name: 'office', address: '192.0.2.20:8443', fingerprint: 'c'.repeat(64), credential: { kind: 'password', password: 'secret' } },
      });
    });

    it('rejects a malformed payload with a typed VALIDATION error before any handler runs', async () => {
      const bad = [
        ['endpoints.remove', { name: '../etc/passwd' }],
        ['endpoints.remove', {}],
        ['endpoints.remove', { name: 'ok', extra: true }],
        ['endpoints.addRemote', { name: 'x', address: 'h', fingerprint: 'nothex', credential: { kind: 'password', password: 'p' } }],
        ['endpoints.addRemote', { name: 'x', address: 'h', fingerprint: 'a'.repeat(64), credential: { kind: 'magic' } }],
        ['instances.setState', { endpoint: 'x', name: 'c1', action: 'explode' }],
        ['endpoints.memberState', { name: 'x', member: 'm1', action: 'explode' }],
        ['endpoints.memberState', { name: 'x', member: '../m1', action: 'evacuate' }],
        ['endpoints.list', 'not an object'],
        ['endpoints.list', [1, 2]],
      ] as const;
      for (const [channel, input] of bad) {
        // deliberately outside the contract's types: this is what a compromised renderer could send
        const err = await expectBcmError(t.api.invoke(channel as 'endpoints.remove', input as never));
        expect(err.code, `${channel} ${JSON.stringify(input)}`).toBe('VALIDATION');
        expect(err.message).toMatch(new RegExp(`Invalid request to ${channel.replace('.', '\\.')}`));
      }
      expect(fx.calls).toEqual([]);
    });

    it('rejects an unknown channel', async () => {
      const err = await expectBcmError(t.api.invoke('shell.exec' as 'app.info', {}));
      expect(err.code).toBe('UNKNOWN_CHANNEL');
      expect(fx.calls).toEqual([]);
    });

    it('carries typed errors across intact: code, message and detail', async () => {
      const err = await expectBcmError(t.api.invoke('endpoints.status', { name: 'home-server' }));
      expect(err.code).toBe('CERT_MISMATCH');
      expect(err.message).toBe('The server certificate changed.');
      expect(err.detail).toEqual({ expected: 'a'.repeat(64), actual: 'b'.repeat(64) });
    });

    it('turns an unexpected exception into INTERNAL without leaking a stack', async () => {
      const err = await expectBcmError(t.api.invoke('instances.delete', { endpoint: 'x', name: 'c1' }));
      expect(err.code).toBe('INTERNAL');
      expect(err.message).toContain('instances.delete blew up');
      expect(err.message).not.toMatch(/\n\s+at /);
    });

    it('keeps concurrent requests apart and applies defaults', async () => {
      const [slow, fast] = await Promise.all([
        t.api.invoke('instances.list', { endpoint: 'a', project: 'slow' }),
        t.api.invoke('endpoints.detectLocal', {}),
      ]);
      expect(slow).toEqual([]);
      expect(fast).toMatchObject({ state: 'missing', message: 'LXD is not installed — naïve ☃ ✓' });
      await expect(t.api.invoke('instances.setState', { endpoint: 'a', name: 'c1', action: 'start' })).rejects.toThrow();
      expect(fx.calls.at(-1)?.input).toEqual({ endpoint: 'a', name: 'c1', action: 'start', project: 'default' });
    });

    it('streams events in order until unsubscribed, then stops the source', async () => {
      const seen: Endpoint[][] = [];
      const stop = t.api.subscribe('endpoints.changed', {}, (list) => seen.push(list));
      await waitFor(() => fx.activeSubscriptions() === 1);
      const lists = [[], [sampleEndpoint], [sampleEndpoint, { ...sampleEndpoint, name: 'b' }]];
      for (const list of lists) fx.emitEndpoints(list);
      await waitFor(() => seen.length === 3);
      expect(seen).toEqual(lists);
      stop();
      await waitFor(() => fx.activeSubscriptions() === 0);
      fx.emitEndpoints([]);
      await new Promise((r) => setTimeout(r, 30));
      expect(seen).toHaveLength(3);
    });

    it('keeps parallel subscriptions apart and ends one with a typed error', async () => {
      const a: InstanceEvent[] = [];
      const b: InstanceEvent[] = [];
      const errors: BcmError[] = [];
      t.api.subscribe('instances.events', { endpoint: 'a' }, (e) => a.push(e), (e) => errors.push(e));
      t.api.subscribe('instances.events', { endpoint: 'b' }, (e) => b.push(e), (e) => errors.push(e));
      await waitFor(() => a.length === 1 && b.length === 1);
      expect(a[0]).toEqual({ type: 'connection', endpoint: 'a', state: 'connected' });
      expect(b[0]).toMatchObject({ endpoint: 'b' });
      fx.failInstances({ code: 'NOT_FOUND', message: 'There is no endpoint named "a".' });
      await waitFor(() => errors.length === 2);
      expect(errors.map((e) => e.code)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
      await waitFor(() => fx.activeSubscriptions() === 0);
    });

    it('refuses a subscription with bad params, with a typed error', async () => {
      const errors: BcmError[] = [];
      t.api.subscribe('instances.events', { endpoint: 'NOT VALID' }, () => undefined, (e) => errors.push(e));
      t.api.subscribe('nope' as 'endpoints.changed', {}, () => undefined, (e) => errors.push(e));
      await waitFor(() => errors.length === 2);
      expect(errors.map((e) => e.code).sort()).toEqual(['UNKNOWN_CHANNEL', 'VALIDATION']);
      expect(fx.activeSubscriptions()).toBe(0);
    });

    it('ends the subscriptions of a client that goes away', async () => {
      t.api.subscribe('endpoints.changed', {}, () => undefined);
      t.api.subscribe('instances.events', { endpoint: 'a' }, () => undefined);
      await waitFor(() => fx.activeSubscriptions() === 2);
      await t.close();
      await waitFor(() => fx.activeSubscriptions() === 0);
    });
  });
}
