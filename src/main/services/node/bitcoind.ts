import { z } from 'zod';
import { BcmError } from '../../../shared/errors';
import { BITCOIND_CHAIN, bitcoindSecret } from '../../datacenter/components/index';
import type { ServiceContext } from '../core/context';
import { TunnelHttpClient, type TunnelEndpoint } from '../transport/http-client';
import { BitcoinRpc, type RpcCredentials } from '../transport/json-rpc';
import { RECENT_BLOCKS, type NodeAdapter, type NodeReadings, type OnBlock, type OnWatchState } from './adapter';
import { coreChainInfo, coreDisk, coreMempool, coreNetwork, corePeers } from './bitcoind-parse';
import { BlockCache } from './normalise';
import { readRecentBlocks } from './recent-blocks';

const waitSchema = z.object({ hash: z.string(), height: z.number() });

/** Bitcoin Core over its JSON-RPC (plain HTTP on 127.0.0.1 inside its container, BCM's rpcauth account). */
export class BitcoindAdapter implements NodeAdapter {
  readonly component = 'bitcoind' as const;
  readonly rpc: BitcoinRpc;
  private readonly http: TunnelHttpClient;
  private readonly blocks = new BlockCache();

  constructor(
    private readonly ctx: ServiceContext,
    endpoint?: TunnelEndpoint,
  ) {
    this.http = new TunnelHttpClient(
      endpoint ?? { core: ctx.client, project: ctx.project, instance: 'bitcoind', target: { host: '127.0.0.1', port: BITCOIND_CHAIN[ctx.spec.chain].rpc }, label: "Bitcoin Core's RPC" },
      // one connection for reads, one held by the block watcher's long poll
      { maxSockets: 3 },
    );
    this.rpc = new BitcoinRpc(this.http, () => this.credentials(), "Bitcoin Core's RPC");
  }

  private async credentials(): Promise<RpcCredentials> {
    const password = await this.ctx.secret(bitcoindSecret('bcm'));
    if (!password) throw new BcmError('NOT_FOUND', `BCM has no RPC password for Bitcoin Core of ${this.ctx.datacenter} in ~/.bcm/secrets. Re-apply the datacenter to make one.`);
    return { user: 'bcm', password };
  }

  async read(signal?: AbortSignal): Promise<NodeReadings> {
    const [chain, network, mempool, peers, uptime, hashps] = await this.rpc.batch(
      [
        { method: 'getblockchaininfo', params: [] },
        { method: 'getnetworkinfo', params: [] },
        { method: 'getmempoolinfo', params: [] },
        { method: 'getpeerinfo', params: [] },
        { method: 'uptime', params: [] },
        { method: 'getnetworkhashps', params: [] },
      ],
      8_000,
      signal,
    );
    const chainInfo = coreChainInfo(chain);
    const recentBlocks = chainInfo.ok ? await readRecentBlocks(this.rpc, this.blocks, chainInfo.value.blocks, RECENT_BLOCKS, signal) : chainInfo;
    return {
      chainInfo,
      peers: corePeers(peers),
      mempool: coreMempool(mempool),
      network: coreNetwork(network, uptime, hashps),
      disk: coreDisk(chain),
      recentBlocks: recentBlocks.ok ? recentBlocks : { ok: false, error: recentBlocks.error },
    };
  }

  async tip(signal?: AbortSignal): Promise<number> {
    const n = await this.rpc.call('getblockcount', [], 8_000, signal);
    if (typeof n !== 'number') throw new BcmError('INTERNAL', "Bitcoin Core's RPC answered getblockcount without a number.");
    return n;
  }

  async mine(blocks: number, address: string, signal?: AbortSignal): Promise<{ tip: number; address: string }> {
    await this.rpc.call('generatetoaddress', [blocks, address], 30_000 + blocks * 1_000, signal);
    return { tip: await this.tip(signal), address };
  }

  /** `waitfornewblock` long polls (30 s each) on a kept-alive connection: told of each block, no polling. */
  watchBlocks(onBlock: OnBlock, onState: OnWatchState): () => void {
    const controller = new AbortController();
    void (async () => {
      let failures = 0;
      let told = false;
      let last: string | undefined;
      while (!controller.signal.aborted) {
        try {
          const raw = await this.rpc.call('waitfornewblock', [30_000], 45_000, controller.signal);
          if (!told) onState('watching');
          told = true;
          failures = 0;
          const parsed = waitSchema.safeParse(raw);
          // it also answers when the wait times out: only a changed tip is a block
          if (parsed.success && last !== undefined && parsed.data.hash !== last) onBlock({ height: parsed.data.height, hash: parsed.data.hash });
          if (parsed.success) last = parsed.data.hash;
        } catch (err) {
          if (controller.signal.aborted) return;
          told = false;
          onState('retrying', err instanceof Error ? err.message : String(err));
          await new Promise((r) => setTimeout(r, Math.min(30_000, 2_000 * 2 ** failures++)));
        }
      }
    })();
    return () => controller.abort();
  }

  close(): void {
    this.http.close();
  }
}
