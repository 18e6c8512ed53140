import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import { BcmError } from '../../../shared/errors';
import type { ServiceEvent } from '../../../shared/channels/services';
import type { LightningComponent } from '../../../shared/services/common';
import { catalog } from '../../../shared/datacenter/catalog';
import { lightningHealth, nodeHealth } from '../../../shared/services/health';
import type { ConnectInfo, Invoice, LightningSnapshot } from '../../../shared/services/lightning';
import type { MineResult, NodeSnapshot } from '../../../shared/services/node';
import { BTCD_MINING_ADDRESS } from '../../datacenter/components/index';
import { addressesFor, namesFor } from '../../datacenter/naming';
import type { LxdClient } from '../../lxd/index';
import type { ChannelStateEntry, InvoiceRequest, LightningAdapter, LightningReadings } from '../lightning/adapter';
import type { NodeAdapter, NodeReadings } from '../node/adapter';
import type { ServiceContext } from './context';
import { createLightningAdapter, createNodeAdapter, lightningEnabled, nodeComponentOf } from './factory';
import { LndWallet, type LndWalletDeps } from './lnd-wallet';
import { errorSection } from './section';
import { ReachabilityTracker, SampleRing } from './tracker';
import { withDeadline } from '../../deadline';

export interface ServicesDeps {
  datacenters: { get(name: string): Promise<DatacenterSpec> };
  registry: { client(endpoint: string): Promise<LxdClient> };
  secrets: LndWalletDeps['secrets'];
  /** ~/.bcm/recovery (channel backups of restored BCM backups, offered to an lnd restore) */
  recoveryDir?: string;
}

/** A read that takes longer than this is given up: the dashboard says "not responding since …". */
const READ_DEADLINE_MS = 20_000;
/** The node's height read with a Lightning snapshot is reused for this long. */
const NODE_HEIGHT_FRESH_MS = 15_000;

interface Watch {
  listeners: Set<(event: ServiceEvent) => void>;
  stop?: () => void;
}

interface DcState {
  specJson: string;
  ctx: ServiceContext;
  node?: Promise<NodeAdapter>;
  nodeRead?: Promise<NodeSnapshot>;
  lightning: Map<LightningComponent, Promise<LightningAdapter>>;
  nodeTracker: ReachabilityTracker;
  lightningTrackers: Map<LightningComponent, ReachabilityTracker>;
  samples: SampleRing;
  nodeBlocks: { at: number; blocks: number } | null;
  /** the last readings taken while the service answered: shown (as such) while it does not */
  lastNode?: NodeReadings;
  lastLightning: Map<LightningComponent, LightningReadings>;
}

/** Errors after which the adapter is made again (files re-read): the service was redeployed, or its credentials changed. */
const stale = (err: unknown): boolean => err instanceof BcmError && ['CERT_MISMATCH', 'AUTH_FAILED', 'NOT_FOUND', 'PRECONDITION_FAILED'].includes(err.code);

const readDeadline = <T>(promise: Promise<T>, label: string): Promise<T> =>
  withDeadline(promise, READ_DEADLINE_MS, () => {
    throw new BcmError('TIMEOUT', `${label} did not answer within ${READ_DEADLINE_MS / 1000} s.`);
  });

const allFailed = <R>(keys: Array<keyof R>, err: unknown): R => Object.fromEntries(keys.map((k) => [k, errorSection(err)])) as R;

/**
 * The services of deployed datacenters, read live through the LXD API: one adapter per service,
 * made on first use and kept (with its tunnels) until the spec changes or the app closes.
 */
export class ServicesService {
  private readonly states = new Map<string, DcState>();
  private readonly watches = new Map<string, Watch>();

  /** lnd's wallet: create, restore, unlock, auto-unlock */
  readonly wallet: LndWallet;

  constructor(private readonly deps: ServicesDeps) {
    this.wallet = new LndWallet({
      lnd: async (datacenter) => {
        const state = await this.state(datacenter);
        if (!lightningEnabled(state.ctx.spec, 'lnd')) throw new BcmError('NOT_FOUND', `The datacenter ${datacenter} has no lnd node.`);
        return { adapter: await this.lightningAdapter(state, 'lnd'), spec: state.ctx.spec };
      },
      changed: (datacenter, what) => this.emit(datacenter, { type: 'changed', component: 'lnd', what }),
      secrets: deps.secrets,
      ...(deps.recoveryDir ? { recoveryDir: deps.recoveryDir } : {}),
    });
  }

  private async state(datacenter: string): Promise<DcState> {
    const spec = await this.deps.datacenters.get(datacenter);
    const specJson = JSON.stringify(spec);
    const existing = this.states.get(datacenter);
    if (existing?.specJson === specJson) return existing;
    if (existing) this.drop(existing);
    const client = await this.deps.registry.client(spec.endpoint);
    const ctx: ServiceContext = {
      datacenter,
      spec,
      client,
      project: namesFor(datacenter).project,
      addresses: addressesFor(spec),
      secret: (name) => this.deps.secrets.read(`dc.${datacenter}.${name}`),
    };
    const state: DcState = { specJson, ctx, lightning: new Map(), nodeTracker: new ReachabilityTracker(), lightningTrackers: new Map(), samples: new SampleRing(), nodeBlocks: null, lastLightning: new Map() };
    this.states.set(datacenter, state);
    return state;
  }

  private drop(state: DcState): void {
    void state.node?.then((a) => a.close(), () => undefined);
    for (const l of state.lightning.values()) void l.then((a) => a.close(), () => undefined);
  }

  private nodeAdapter(state: DcState): Promise<NodeAdapter> {
    if (!state.node) {
      const made = createNodeAdapter(state.ctx);
      state.node = made;
      made.catch(() => {
        if (state.node === made) state.node = undefined;
      });
    }
    return state.node;
  }

  private lightningAdapter(state: DcState, component: LightningComponent): Promise<LightningAdapter> {
    let made = state.lightning.get(component);
    if (!made) {
      const created = createLightningAdapter(state.ctx, component);
      made = created;
      state.lightning.set(component, created);
      created.catch(() => {
        if (state.lightning.get(component) === created) state.lightning.delete(component);
      });
    }
    return made;
  }

  private forgetOnStale(state: DcState, err: unknown, which: 'node' | LightningComponent): void {
    if (!stale(err)) return;
    const made = which === 'node' ? state.node : state.lightning.get(which);
    void made?.then((a) => a.close(), () => undefined);
    if (which === 'node') state.node = undefined;
    else state.lightning.delete(which);
  }

  /** A fresh reading of the node. Concurrent callers share one read. */
  async node(datacenter: string): Promise<NodeSnapshot> {
    const state = await this.state(datacenter);
    if (!state.nodeRead) {
      state.nodeRead = this.readNode(state).finally(() => {
        state.nodeRead = undefined;
      });
    }
    return state.nodeRead;
  }

  private async readNode(state: DcState): Promise<NodeSnapshot> {
    const { spec } = state.ctx;
    const component = nodeComponentOf(spec);
    let readings: NodeReadings;
    let reachability;
    try {
      readings = await readDeadline((async () => (await this.nodeAdapter(state)).read())(), catalog[component].title);
      reachability = state.nodeTracker.ok(Date.now());
      state.lastNode = readings;
    } catch (err) {
      this.forgetOnStale(state, err, 'node');
      reachability = state.nodeTracker.failed(Date.now(), err);
      readings = state.lastNode ?? allFailed<NodeReadings>(['chainInfo', 'peers', 'mempool', 'network', 'disk', 'recentBlocks'], err);
    }
    const now = Date.now();
    if (readings.chainInfo.ok && reachability.reachable) {
      const c = readings.chainInfo.value;
      state.nodeBlocks = { at: now, blocks: c.blocks };
      state.samples.add({
        at: now,
        blocks: c.blocks,
        headers: c.headers,
        mempoolCount: readings.mempool.ok ? readings.mempool.value.count : null,
        mempoolBytes: readings.mempool.ok ? readings.mempool.value.bytes : null,
        peers: readings.peers.ok ? readings.peers.value.list.length : null,
      });
    }
    const history = state.samples.list();
    return {
      datacenter: state.ctx.datacenter,
      component,
      title: catalog[component].title,
      chain: spec.chain,
      checkedAt: new Date(now).toISOString(),
      reachability,
      health: nodeHealth({ chain: spec.chain, reachability, chainInfo: readings.chainInfo, peers: readings.peers, history, now }),
      ...readings,
      history,
      canMine: spec.chain === 'regtest',
    };
  }

  /** Regtest: mines blocks, paying the Lightning wallet when there is one (btcd pays its configured address). */
  async mine(datacenter: string, blocks: number): Promise<MineResult> {
    const state = await this.state(datacenter);
    const { spec } = state.ctx;
    if (spec.chain !== 'regtest') throw new BcmError('PRECONDITION_FAILED', `Mining from BCM is for regtest only; ${datacenter} runs ${spec.chain}.`);
    const node = await this.nodeAdapter(state);
    let address = BTCD_MINING_ADDRESS;
    let payee: MineResult['payee'] = 'node';
    if (node.component === 'bitcoind') {
      const ln = (['lnd', 'clightning'] as const).find((c) => lightningEnabled(spec, c));
      if (ln) {
        address = await (await this.lightningAdapter(state, ln)).newAddress().catch((err: unknown) => {
          throw new BcmError('PRECONDITION_FAILED', `Could not get an address from the Lightning wallet to mine to: ${err instanceof Error ? err.message : String(err)}`);
        });
        payee = 'lightning';
      }
    }
    const before = await node.tip();
    const result = await node.mine(blocks, address);
    state.nodeBlocks = { at: Date.now(), blocks: result.tip };
    this.emit(datacenter, { type: 'block', component: node.component, height: result.tip, hash: null });
    return { mined: result.tip - before, tip: result.tip, address: result.address, payee };
  }

  async lightning(datacenter: string, component: LightningComponent): Promise<LightningSnapshot> {
    const state = await this.state(datacenter);
    const { spec } = state.ctx;
    if (!lightningEnabled(spec, component)) throw new BcmError('NOT_FOUND', `The datacenter ${datacenter} has no ${catalog[component].title} node.`);
    const tracker = state.lightningTrackers.get(component) ?? new ReachabilityTracker();
    state.lightningTrackers.set(component, tracker);
    const [outcome, nodeBlocks] = await Promise.all([
      readDeadline((async () => (await this.lightningAdapter(state, component)).read())(), catalog[component].title).then(
        (r) => ({ ok: true as const, readings: r }),
        (err: unknown) => ({ ok: false as const, err }),
      ),
      this.nodeHeight(state),
    ]);
    let readings: LightningReadings;
    let reachability;
    if (outcome.ok) {
      readings = outcome.readings;
      reachability = tracker.ok(Date.now());
      state.lastLightning.set(component, readings);
      // the owner opted into auto-unlock: lnd restarted (a boot, an upgrade) and waits for its password
      if (component === 'lnd' && readings.wallet.state === 'locked') void this.wallet.autoUnlock(datacenter);
    } else {
      this.forgetOnStale(state, outcome.err, component);
      reachability = tracker.failed(Date.now(), outcome.err);
      readings = state.lastLightning.get(component) ?? {
        wallet: { state: 'unknown', detail: 'unreachable' },
        ...allFailed<Omit<LightningReadings, 'wallet'>>(['info', 'balances', 'channels', 'peers', 'backup'], outcome.err),
      };
    }
    return {
      datacenter,
      component,
      title: catalog[component].title,
      checkedAt: new Date().toISOString(),
      reachability,
      health: lightningHealth({ chain: spec.chain, reachability, wallet: readings.wallet, info: readings.info, nodeBlocks }),
      ...readings,
      nodeBlocks,
    };
  }

  private async nodeHeight(state: DcState): Promise<number | null> {
    if (state.nodeBlocks && Date.now() - state.nodeBlocks.at < NODE_HEIGHT_FRESH_MS) return state.nodeBlocks.blocks;
    try {
      const blocks = await (await this.nodeAdapter(state)).tip(AbortSignal.timeout(4_000));
      state.nodeBlocks = { at: Date.now(), blocks };
      return blocks;
    } catch {
      return null;
    }
  }

  async invoice(datacenter: string, component: LightningComponent, request: InvoiceRequest): Promise<Invoice> {
    const state = await this.state(datacenter);
    return (await this.lightningAdapter(state, component)).invoice(request);
  }

  private async lnd(datacenter: string): Promise<LightningAdapter> {
    const state = await this.state(datacenter);
    if (!lightningEnabled(state.ctx.spec, 'lnd')) throw new BcmError('NOT_FOUND', `The datacenter ${datacenter} has no lnd node.`);
    return this.lightningAdapter(state, 'lnd');
  }

  /** lnd's channels in every state: open, pending and closed (the monitor's channel alerts). */
  async lndChannelStates(datacenter: string): Promise<ChannelStateEntry[]> {
    const adapter = await this.lnd(datacenter);
    if (!adapter.channelStates) throw new BcmError('PRECONDITION_FAILED', 'Only lnd lists its channels in every state.');
    return readDeadline(adapter.channelStates(), 'lnd');
  }

  /** lnd's SubscribeChannelBackups (see LightningAdapter); resolves when lnd ends the stream. */
  async subscribeChannelBackups(datacenter: string, onOpen: () => void, onChange: () => void, signal: AbortSignal): Promise<void> {
    const adapter = await this.lnd(datacenter);
    if (!adapter.subscribeChannelBackups) throw new BcmError('PRECONDITION_FAILED', 'Only lnd streams its channel backups.');
    try {
      await adapter.subscribeChannelBackups(onOpen, onChange, signal);
    } catch (err) {
      this.forgetOnStale(await this.state(datacenter), err, 'lnd');
      throw err;
    }
  }

  async connect(datacenter: string): Promise<ConnectInfo> {
    const adapter = await this.lightningAdapter(await this.state(datacenter), 'lnd');
    if (!adapter.connectInfo) throw new BcmError('PRECONDITION_FAILED', 'Only lnd gives an lndconnect URI.');
    return adapter.connectInfo();
  }

  /** Pushes from the datacenter's services while someone listens (the node's watcher runs only then). */
  subscribe(datacenter: string, listener: (event: ServiceEvent) => void): () => void {
    let watch = this.watches.get(datacenter);
    if (!watch) {
      watch = { listeners: new Set() };
      this.watches.set(datacenter, watch);
      const w = watch;
      void this.startWatch(datacenter, w);
    }
    watch.listeners.add(listener);
    return () => {
      const w = this.watches.get(datacenter);
      if (!w) return;
      w.listeners.delete(listener);
      if (w.listeners.size === 0) {
        w.stop?.();
        this.watches.delete(datacenter);
      }
    };
  }

  private async startWatch(datacenter: string, watch: Watch): Promise<void> {
    try {
      const state = await this.state(datacenter);
      const node = await this.nodeAdapter(state);
      if (this.watches.get(datacenter) !== watch || !node.watchBlocks) return;
      watch.stop = node.watchBlocks(
        (notice) => {
          state.nodeBlocks = { at: Date.now(), blocks: notice.height };
          this.emit(datacenter, { type: 'block', component: node.component, height: notice.height, hash: notice.hash });
        },
        (s, message) => this.emit(datacenter, { type: 'watch', component: node.component, state: s, ...(message ? { message } : {}) }),
      );
    } catch (err) {
      this.emit(datacenter, { type: 'watch', component: 'node', state: 'retrying', message: err instanceof Error ? err.message : String(err) });
      // try again later while someone still listens
      setTimeout(() => {
        if (this.watches.get(datacenter) === watch) void this.startWatch(datacenter, watch);
      }, 15_000).unref();
    }
  }

  private emit(datacenter: string, event: ServiceEvent): void {
    for (const l of this.watches.get(datacenter)?.listeners ?? []) l(event);
  }

  close(): void {
    for (const w of this.watches.values()) w.stop?.();
    this.watches.clear();
    for (const s of this.states.values()) this.drop(s);
    this.states.clear();
  }
}
