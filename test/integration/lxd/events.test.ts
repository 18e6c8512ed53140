import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LxdClient, createUnixTransport, type LxdEvent, type LxdLifecycle } from '../../../src/main/lxd';
import { SOCKET, createTestProject, launch, requireLxd, unixClient, until, type TestProject } from './helpers';

/** A unix-socket relay in front of LXD's socket whose connections the test can cut. */
function socketRelay(listenPath: string) {
  const conns = new Set<net.Socket>();
  let server: net.Server | undefined;
  const start = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(SOCKET);
        conns.add(client).add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          conns.delete(client);
          conns.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream).pipe(client);
      });
      server.listen(listenPath, resolve);
    });
  const cut = () => {
    for (const c of conns) c.destroy();
    conns.clear();
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      cut();
      if (server) server.close(() => resolve());
      else resolve();
      server = undefined;
    });
  return { start, stop, cut, connections: () => conns.size };
}

describe('events and operations on a real LXD', () => {
  const root = unixClient();
  let tp: TestProject;
  let lxd: LxdClient;

  beforeAll(async () => {
    await requireLxd(root);
    tp = await createTestProject(root);
    lxd = tp.client;
    await launch(lxd, 'bcmt-ev', false);
  });

  afterAll(async () => {
    await tp?.cleanup();
    root.close();
  });

  it('delivers the instance-started lifecycle event of the project', async () => {
    const events: LxdEvent[] = [];
    const states: string[] = [];
    const sub = lxd.events.subscribe({
      types: ['lifecycle'],
      project: tp.name,
      onEvent: (e) => events.push(e),
      onState: (s) => states.push(s),
    });
    try {
      await until(() => states.includes('connected'), 5000, 'the event stream');
      await lxd.instances.start('bcmt-ev');
      const started = (): LxdLifecycle | undefined =>
        events.map((e) => e.metadata as unknown as LxdLifecycle).find((m) => m.action === 'instance-started');
      await until(() => started() !== undefined, 5000, 'instance-started');
      // LXD 5.0.2 names the project in the source when it is not the default one
      expect(started()?.source).toBe(`/1.0/instances/bcmt-ev?project=${tp.name}`);
      expect(events.every((e) => e.type === 'lifecycle' && e.project === tp.name)).toBe(true);
      await lxd.instances.stop('bcmt-ev', { force: true });
      await until(
        () => events.some((e) => (e.metadata as unknown as LxdLifecycle).action === 'instance-stopped'),
        5000,
        'instance-stopped',
      );
    } finally {
      sub.close();
    }
  });

  it('reconnects with back-off after the stream is cut and while the daemon is unreachable', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bcmt-relay-'));
    const relayPath = path.join(dir, 'lxd.socket');
    const relay = socketRelay(relayPath);
    await relay.start();
    const viaRelay = new LxdClient(createUnixTransport(relayPath), { project: tp.name });
    const states: Array<{ state: string; reason?: string; at: number }> = [];
    const actions: string[] = [];
    const sub = viaRelay.events.subscribe(
      {
        types: ['lifecycle'],
        project: tp.name,
        onEvent: (e) => actions.push(String(e.metadata.action)),
        onState: (state, reason) =>
          states.push(reason === undefined ? { state, at: Date.now() } : { state, reason, at: Date.now() }),
      },
      { initialDelayMs: 50, maxDelayMs: 400 },
    );
    try {
      const connectedCount = () => states.filter((s) => s.state === 'connected').length;
      await until(() => connectedCount() === 1, 5000, 'first connection');

      relay.cut(); // the websocket dies under the client
      await until(() => connectedCount() === 2, 5000, 'reconnection after a cut');
      expect(states[1]?.state).toBe('reconnecting');
      expect(states[1]?.reason).toMatch(/closed/);

      await relay.stop(); // the daemon is gone for a while: retries fail and back off
      await new Promise((r) => setTimeout(r, 1200));
      const failures = states.filter((s) => s.state === 'reconnecting').slice(1);
      expect(failures.length).toBeGreaterThanOrEqual(3);
      expect(failures.length).toBeLessThan(12); // backed off, not a busy loop
      expect(failures.at(-1)?.reason).toMatch(/LXD/);
      await relay.start();
      await until(() => connectedCount() === 3, 5000, 'reconnection after the daemon came back');

      await lxd.instances.start('bcmt-ev');
      await until(() => actions.includes('instance-started'), 5000, 'an event after reconnecting');
      await lxd.instances.stop('bcmt-ev', { force: true });
    } finally {
      sub.close();
      viaRelay.close();
      await relay.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('waits on a failed operation: /wait answers 200, the status says Failure', async () => {
    // stopping a stopped instance is accepted as an operation that then fails
    const res = await lxd.put('/1.0/instances/bcmt-ev/state', {
      action: 'stop',
      timeout: -1,
      force: false,
      stateful: false,
    });
    expect(res.kind).toBe('async');
    if (res.kind !== 'async') return;
    const settled = await lxd.operations.settle(res.operation.id);
    expect(settled.status_code).toBe(400);
    expect(settled.err).toMatch(/already stopped/i);
    await expect(lxd.instances.stop('bcmt-ev')).rejects.toMatchObject({
      code: 'LXD_ERROR',
      message: expect.stringMatching(/already stopped/i),
    });
  });

  it('reports progress metadata while waiting and cancels an operation', async () => {
    const token = await root.certificates.createToken({ name: `bcmt-op-${Date.now()}` });
    const seen: Array<Record<string, unknown>> = [];
    const waiting = root.operations.settle(token.operationId, {
      onProgress: (m) => seen.push(m),
      progressIntervalMs: 50,
    });
    await until(() => seen.length > 0, 5000, 'progress');
    expect(seen[0]?.secret).toBe(token.parsed.secret);
    await root.operations.cancel(token.operationId);
    const op = await waiting;
    expect(op.status).toBe('Cancelled');
    expect(op.status_code).toBe(401);
    await expect(root.operations.wait(token.operationId)).rejects.toMatchObject({
      code: expect.stringMatching(/CANCELLED|NOT_FOUND/),
    });
  });

  it('gives up waiting after the timeout without cancelling, and can be aborted', async () => {
    const token = await root.certificates.createToken({ name: `bcmt-op-${Date.now()}` });
    try {
      await expect(root.operations.wait(token.operationId, { timeoutSeconds: 1 })).rejects.toMatchObject({
        code: 'LXD_ERROR',
        detail: { timedOut: true },
      });
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      await expect(root.operations.wait(token.operationId, { signal: ac.signal })).rejects.toMatchObject({
        code: 'CANCELLED',
      });
      expect((await root.operations.get(token.operationId)).status).toBe('Running');
    } finally {
      await root.operations.cancel(token.operationId);
    }
  });
});
