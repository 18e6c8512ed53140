import { describe, expect, it } from 'vitest';
import { containersOf } from '../../../src/shared/datacenter/catalog';
import { datacenterSpecSchema } from '../../../src/shared/datacenter/spec';
import { BTCD_MINING_ADDRESS, recipeFor } from '../../../src/main/datacenter/components/index';
import { waitForPort } from '../../../src/main/datacenter/components/common';
import { addressesFor } from '../../../src/main/datacenter/naming';
import type { HttpAnswer, HttpRequest } from '../../../src/main/services/transport/http-client';
import { BitcoinRpc } from '../../../src/main/services/transport/json-rpc';

function answering(status: number, body: unknown, seen: HttpRequest[] = []) {
  return {
    request: async (req: HttpRequest): Promise<HttpAnswer> => {
      seen.push(req);
      return { status, headers: {}, body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)) };
    },
  };
}

describe('Bitcoin JSON-RPC batches', () => {
  it('sends one request with basic auth and keeps each call’s own outcome', async () => {
    const seen: HttpRequest[] = [];
    const rpc = new BitcoinRpc(
      answering(200, [
        { id: 1, result: null, error: { code: -32601, message: 'Method not found' } },
        { id: 0, result: 7, error: null },
      ], seen),
      async () => ({ user: 'bcm', password: 'pw' }),
      'btcd',
    );
    const [a, b] = await rpc.batch([{ method: 'getblockcount', params: [] }, { method: 'nosuch', params: [] }]);
    expect(a).toEqual({ ok: true, result: 7 });
    expect(b?.ok).toBe(false);
    if (b && !b.ok) expect(b.error.message).toBe('btcd: nosuch failed: Method not found');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers?.Authorization).toBe(`Basic ${Buffer.from('bcm:pw').toString('base64')}`);
  });

  it('says so when the password is refused, or the answer is not JSON', async () => {
    await expect(new BitcoinRpc(answering(401, ''), async () => ({ user: 'u', password: 'p' }), 'Bitcoin Core').call('uptime')).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    await expect(new BitcoinRpc(answering(500, '<html>'), async () => ({ user: 'u', password: 'p' }), 'btcd').call('uptime')).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/HTTP 500 and no JSON/) });
    await expect(new BitcoinRpc(answering(500, { id: 0, result: null, error: { code: -28, message: 'Loading block index…' } }), async () => ({ user: 'u', password: 'p' }), 'Bitcoin Core').call('getblockchaininfo')).rejects.toMatchObject({ code: 'UNREACHABLE' });
  });
});

describe('recipe changes for the dashboards', () => {
  const spec = (chain: 'regtest' | 'testnet', implementation: 'btcd' | 'bitcoind') =>
    datacenterSpecSchema.parse({ schemaVersion: 1, name: 'sv', endpoint: 'local', chain, bitcoin: { implementation }, lightning: { lnd: true, clightning: implementation === 'bitcoind' }, kafka: { enabled: false, brokers: 1 }, logging: false });
  const recipe = (s: ReturnType<typeof spec>, name: string) => {
    const c = containersOf(s).find((x) => x.name === name);
    if (!c) throw new Error(name);
    return recipeFor(s, c, { addresses: addressesFor(s), secrets: {}, gatewayProxy: 'http://10.0.0.2:8888' });
  };

  it('btcd mines to an anyone-can-spend address on regtest only', () => {
    const conf = (s: ReturnType<typeof spec>) => recipe(s, 'btcd').files.find((f) => f.path === '/etc/btcd/btcd.conf')?.content ?? '';
    expect(conf(spec('regtest', 'btcd'))).toContain(`miningaddr=${BTCD_MINING_ADDRESS}`);
    expect(conf(spec('testnet', 'btcd'))).not.toContain('miningaddr');
  });

  it('lnd and Core Lightning wait for their node’s RPC before starting', () => {
    const s = spec('regtest', 'btcd');
    const unit = recipe(s, 'lnd').units[0]?.content ?? '';
    expect(unit).toContain(`ExecStartPre=/bin/bash -c 'for i in $$(seq 75); do (exec 3<>/dev/tcp/${addressesFor(s).btcd}/18334)`);
    expect(unit).toMatch(/TimeoutStartSec=105/);
    const core = spec('regtest', 'bitcoind');
    expect(recipe(core, 'lnd').units[0]?.content).toContain(`/dev/tcp/${addressesFor(core).bitcoind}/18443`);
    expect(recipe(core, 'clightning').units[0]?.content).toContain(`/dev/tcp/${addressesFor(core).bitcoind}/18443`);
    expect(waitForPort('10.0.0.3', 1, 'x', 2)).toMatch(/did not answer within 2 s; starting anyway" >&2; exit 0'$/);
  });
});
