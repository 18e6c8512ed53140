import { BcmError } from '../../../shared/errors';
import { BTCD_MINING_ADDRESS, BTCD_PORTS, BTCD_RPC_USER, BTCD_SECRETS, USERS } from '../../datacenter/components/index';
import type { ServiceContext } from '../core/context';
import { errorSection, okSection } from '../core/section';
import { TunnelHttpClient, type TunnelEndpoint } from '../transport/http-client';
import { BitcoinRpc, type RpcCredentials } from '../transport/json-rpc';
import { RECENT_BLOCKS, type NodeAdapter, type NodeReadings, type OnBlock, type OnWatchState } from './adapter';
import {
  btcdChainInfo,
  btcdDisk,
  btcdMempool,
  btcdNetwork,
  btcdPeers,
  parseHostFacts,
  type HostFacts,
} from './btcd-parse';
import { watchBtcdBlocks } from './btcd-watch';
import { BlockCache } from './normalise';
import { readRecentBlocks } from './recent-blocks';

const FACTS_EVERY_MS = 60_000;
const CERT_PATH = '/etc/btcd/rpc.cert';

/** btcd over its JSON-RPC (TLS with the certificate BCM made for it, read from the container). */
export class BtcdAdapter implements NodeAdapter {
  readonly component = 'btcd' as const;
  private readonly rpc: BitcoinRpc;
  private readonly http: TunnelHttpClient;
  private readonly blocks = new BlockCache();
  private facts: { at: number; value: HostFacts } | undefined;
  private factsRun: Promise<void> | undefined;

  private constructor(
    private readonly ctx: ServiceContext,
    private readonly endpoint: TunnelEndpoint,
  ) {
    this.http = new TunnelHttpClient(endpoint);
    this.rpc = new BitcoinRpc(this.http, () => this.credentials(), "btcd's RPC");
  }

  static async create(ctx: ServiceContext): Promise<BtcdAdapter> {
    const cert = (await ctx.client.files.read('btcd', CERT_PATH, { project: ctx.project })).data.toString('utf8');
    return new BtcdAdapter(ctx, {
      core: ctx.client,
      project: ctx.project,
      instance: 'btcd',
      target: { host: '127.0.0.1', port: BTCD_PORTS[ctx.spec.chain].rpc },
      label: "btcd's RPC",
      tls: { cert },
    });
  }

  private async credentials(): Promise<RpcCredentials> {
    const password = await this.ctx.secret(BTCD_SECRETS.password);
    if (!password)
      throw new BcmError(
        'NOT_FOUND',
        `BCM has no RPC password for btcd of ${this.ctx.datacenter} in ~/.bcm/secrets. Re-apply the datacenter to make one.`,
      );
    return { user: BTCD_RPC_USER, password };
  }

  /** Data folder size and service start, from one exec, refreshed at most once a minute in the background. */
  private hostFacts(): HostFacts | null {
    const stale = !this.facts || Date.now() - this.facts.at > FACTS_EVERY_MS;
    if (stale && !this.factsRun) {
      const command = `du -sb ${USERS.btcd.home}/data 2>/dev/null | cut -f1; systemctl show btcd.service -p ExecMainStartTimestamp --value --timestamp=unix`;
      this.factsRun = this.ctx.client.exec
        .run('btcd', ['sh', '-c', command], { project: this.ctx.project, idempotent: true })
        .then((res) => {
          this.facts = { at: Date.now(), value: parseHostFacts(res.stdout.toString('utf8')) };
        })
        .catch(() => undefined)
        .finally(() => {
          this.factsRun = undefined;
        });
    }
    return this.facts?.value ?? null;
  }

  async read(signal?: AbortSignal): Promise<NodeReadings> {
    // the first read waits a little for the folder size, in parallel with the RPC batch
    const first = this.facts
      ? undefined
      : (this.hostFacts(), Promise.race([this.factsRun, new Promise((r) => setTimeout(r, 1_000))]));
    const [[chain, info, mempool, peers, hashps]] = await Promise.all([
      this.rpc.batch(
        [
          { method: 'getblockchaininfo', params: [] },
          { method: 'getinfo', params: [] },
          { method: 'getmempoolinfo', params: [] },
          { method: 'getpeerinfo', params: [] },
          { method: 'getnetworkhashps', params: [] },
        ],
        8_000,
        signal,
      ),
      first,
    ]);
    const facts = this.hostFacts();
    const nowS = Date.now() / 1000;
    const chainInfo = btcdChainInfo(chain, nowS);
    const recentBlocks = chainInfo.ok
      ? await readRecentBlocks(this.rpc, this.blocks, chainInfo.value.blocks, RECENT_BLOCKS, signal)
      : chainInfo;
    return {
      chainInfo,
      peers: btcdPeers(peers),
      mempool: btcdMempool(mempool, info),
      network: btcdNetwork(info, hashps, facts, nowS),
      disk: btcdDisk(
        facts
          ? okSection(facts)
          : errorSection(new BcmError('UNREACHABLE', 'The size of btcd’s data folder is not known yet.')),
      ),
      recentBlocks: recentBlocks.ok ? recentBlocks : errorSection(recentBlocks.error),
    };
  }

  async tip(signal?: AbortSignal): Promise<number> {
    const n = await this.rpc.call('getblockcount', [], 8_000, signal);
    if (typeof n !== 'number') throw new BcmError('INTERNAL', "btcd's RPC answered getblockcount without a number.");
    return n;
  }

  /**
   * btcd's `generate` pays the `miningaddr` of its configuration (btcd has no generatetoaddress):
   * on regtest BCM configures an anyone-can-spend address, so `address` is not used.
   */
  async mine(blocks: number, _address: string, signal?: AbortSignal): Promise<{ tip: number; address: string }> {
    await this.rpc.call('generate', [blocks], 30_000 + blocks * 1_000, signal);
    return { tip: await this.tip(signal), address: BTCD_MINING_ADDRESS };
  }

  watchBlocks(onBlock: OnBlock, onState: OnWatchState): () => void {
    return watchBtcdBlocks(this.endpoint, () => this.credentials(), onBlock, onState);
  }

  close(): void {
    this.http.close();
  }
}
