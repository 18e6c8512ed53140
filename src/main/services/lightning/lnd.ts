import { z } from 'zod';
import { BcmError } from '../../../shared/errors';
import type { ConnectInfo, Invoice } from '../../../shared/services/lightning';
import { LND_NETWORK, PORTS, USERS } from '../../datacenter/components/index';
import type { ServiceContext } from '../core/context';
import { errorSection } from '../core/section';
import { TunnelHttpClient } from '../transport/http-client';
import type { ChannelStateEntry, InitWalletRequest, InvoiceRequest, LightningAdapter, LightningReadings } from './adapter';
import { lndChannelStates } from './lnd-channel-states';
import { walletError } from './lnd-wallet-errors';
import { lndBackup, lndBalances, lndChannels, lndInfo, lndInvoice, lndPeers, lndStateSchema, lndWallet, lndconnectUri, type RestOutcome } from './lnd-parse';

const genseedSchema = z.object({ cipher_seed_mnemonic: z.array(z.string()).length(24) });
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** one message of a grpc-gateway stream */
const streamLineSchema = z.object({ result: z.unknown().optional(), error: z.unknown().optional() });
const MAX_STREAM_LINE = 8 * 1024 * 1024;
const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

const errorBodySchema = z.object({ message: z.string().optional(), error: z.string().optional(), code: z.number().optional() });

/** lnd over its REST API (TLS pinned to lnd's own certificate, admin macaroon), both read from the container. */
export class LndAdapter implements LightningAdapter {
  readonly component = 'lnd' as const;
  private readonly http: TunnelHttpClient;
  private macaroon: Buffer | undefined;

  private constructor(
    private readonly ctx: ServiceContext,
    private readonly cert: string,
    private readonly host: string,
  ) {
    this.http = new TunnelHttpClient(
      { core: ctx.client, project: ctx.project, instance: 'lnd', target: { host, port: PORTS.lndRest }, label: "lnd's REST API", tls: { cert } },
      { maxSockets: 4 },
    );
  }

  static async create(ctx: ServiceContext): Promise<LndAdapter> {
    const host = ctx.addresses.lnd;
    if (!host) throw new BcmError('NOT_FOUND', `The datacenter ${ctx.datacenter} has no lnd container.`);
    const cert = (await ctx.client.files.read('lnd', `${USERS.lnd.home}/tls.cert`, { project: ctx.project }).catch((err: unknown) => {
      throw new BcmError('UNREACHABLE', `lnd has not made its TLS certificate yet (${USERS.lnd.home}/tls.cert); it may still be starting.`, undefined, { cause: err });
    })).data.toString('utf8');
    return new LndAdapter(ctx, cert, host);
  }

  private macaroonPath(): string {
    return `${USERS.lnd.home}/data/chain/bitcoin/${LND_NETWORK[this.ctx.spec.chain]}/admin.macaroon`;
  }

  /** The admin macaroon exists once the wallet does; read once, again after a refusal. */
  private async adminMacaroon(): Promise<Buffer> {
    if (!this.macaroon) {
      this.macaroon = (await this.ctx.client.files.read('lnd', this.macaroonPath(), { project: this.ctx.project }).catch((err: unknown) => {
        throw new BcmError('PRECONDITION_FAILED', 'lnd has no admin macaroon yet: its wallet does not exist or is not unlocked.', undefined, { cause: err });
      })).data;
    }
    return this.macaroon;
  }

  private async rest(method: 'GET' | 'POST', path: string, body?: unknown, options: { auth?: boolean; signal?: AbortSignal; timeoutMs?: number } = {}): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.auth !== false) headers['Grpc-Metadata-macaroon'] = (await this.adminMacaroon()).toString('hex');
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const answer = await this.http.request({
      method,
      path,
      headers,
      timeoutMs: options.timeoutMs ?? 8_000,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let json: unknown;
    try {
      json = JSON.parse(answer.body.toString('utf8') || '{}');
    } catch {
      throw new BcmError('INTERNAL', `lnd answered ${path} with HTTP ${answer.status} and no JSON.`);
    }
    if (answer.status >= 200 && answer.status < 300) return json;
    const err = errorBodySchema.safeParse(json);
    const message = (err.success ? (err.data.message ?? err.data.error) : undefined) ?? `HTTP ${answer.status}`;
    if (/macaroon|permission denied|verification failed/i.test(message)) this.macaroon = undefined;
    const code = /wallet locked|unlock/i.test(message) ? 'PRECONDITION_FAILED' : /macaroon|permission/i.test(message) ? 'AUTH_FAILED' : 'INTERNAL';
    throw new BcmError(code, `lnd: ${path}: ${message}`, { status: answer.status });
  }

  private async outcome(path: string, signal?: AbortSignal): Promise<RestOutcome> {
    try {
      return { ok: true, body: await this.rest('GET', path, undefined, signal ? { signal } : {}) };
    } catch (err) {
      return { ok: false, error: err instanceof BcmError ? err : new BcmError('INTERNAL', String(err)) };
    }
  }

  async read(signal?: AbortSignal): Promise<LightningReadings> {
    const stateBody = await this.rest('GET', '/v1/state', undefined, { auth: false, ...(signal ? { signal } : {}) });
    const wallet = lndWallet(lndStateSchema.parse(stateBody).state);
    if (wallet.state !== 'unlocked') {
      const why = new BcmError('PRECONDITION_FAILED', wallet.state === 'locked' ? "lnd's wallet is locked." : wallet.state === 'none' ? 'lnd has no wallet yet.' : 'lnd is starting.');
      return { wallet, info: errorSection(why), balances: errorSection(why), channels: errorSection(why), peers: errorSection(why), backup: errorSection(why) };
    }
    const paths = ['/v1/getinfo', '/v1/balance/blockchain', '/v1/balance/channels', '/v1/channels', '/v1/channels/pending', '/v1/peers', '/v1/channels/backup'];
    const [info, chainBal, chanBal, channels, pending, peers, backup] = await Promise.all(paths.map((p) => this.outcome(p, signal))) as [RestOutcome, RestOutcome, RestOutcome, RestOutcome, RestOutcome, RestOutcome, RestOutcome];
    return {
      wallet,
      info: lndInfo(info),
      balances: lndBalances(chainBal, chanBal),
      channels: lndChannels(channels, pending),
      peers: lndPeers(peers),
      backup: lndBackup(backup),
    };
  }

  async newAddress(signal?: AbortSignal): Promise<string> {
    const body = await this.rest('GET', '/v1/newaddress?type=WITNESS_PUBKEY_HASH', undefined, signal ? { signal } : {});
    const parsed = z.object({ address: z.string().min(1) }).safeParse(body);
    if (!parsed.success) throw new BcmError('INTERNAL', 'lnd answered newaddress without an address.');
    return parsed.data.address;
  }

  /** lnd takes invoices only once its server runs (after the chain backend is synced); before, it would hang. */
  private async requireServer(what: string, signal?: AbortSignal): Promise<void> {
    const body = await this.rest('GET', '/v1/state', undefined, { auth: false, ...(signal ? { signal } : {}) });
    const state = lndStateSchema.parse(body).state;
    if (state === 'SERVER_ACTIVE') return;
    const why =
      state === 'RPC_ACTIVE'
        ? `lnd waits for its chain backend to be synced before it can ${what}${this.ctx.spec.chain === 'regtest' ? ': mine a block first' : ''}.`
        : `lnd cannot ${what} yet (its state is ${state}).`;
    throw new BcmError('PRECONDITION_FAILED', why, { state });
  }

  async invoice(request: InvoiceRequest, signal?: AbortSignal): Promise<Invoice> {
    await this.requireServer('create invoices', signal);
    const body = await this.rest('POST', '/v1/invoices', { value: String(request.amountSat), memo: request.memo, expiry: String(request.expirySeconds) }, signal ? { signal } : {});
    return lndInvoice(body, request.amountSat, request.memo, request.expirySeconds, Date.now());
  }

  async unlock(password: string, signal?: AbortSignal): Promise<void> {
    await this.rest('POST', '/v1/unlockwallet', { wallet_password: b64(password) }, { auth: false, timeoutMs: 60_000, ...(signal ? { signal } : {}) }).catch((err: unknown) => {
      throw walletError(err, 'unlock');
    });
    this.macaroon = undefined;
  }

  async genSeed(seedPassphrase: string, signal?: AbortSignal): Promise<string[]> {
    const query = seedPassphrase ? `?aezeed_passphrase=${encodeURIComponent(b64(seedPassphrase))}` : '';
    const body = await this.rest('GET', `/v1/genseed${query}`, undefined, { auth: false, timeoutMs: 30_000, ...(signal ? { signal } : {}) }).catch((err: unknown) => {
      throw walletError(err, 'genseed');
    });
    const parsed = genseedSchema.safeParse(body);
    if (!parsed.success) throw new BcmError('INTERNAL', 'lnd answered genseed without 24 words.');
    return parsed.data.cipher_seed_mnemonic;
  }

  async initWallet(request: InitWalletRequest, signal?: AbortSignal): Promise<void> {
    const body = {
      wallet_password: b64(request.password),
      cipher_seed_mnemonic: request.words,
      ...(request.seedPassphrase ? { aezeed_passphrase: b64(request.seedPassphrase) } : {}),
      ...(request.recoveryWindow > 0 ? { recovery_window: request.recoveryWindow } : {}),
      ...(request.channelBackup ? { channel_backups: { multi_chan_backup: { multi_chan_backup: request.channelBackup.toString('base64') } } } : {}),
    };
    await this.rest('POST', '/v1/initwallet', body, { auth: false, timeoutMs: 120_000, ...(signal ? { signal } : {}) }).catch((err: unknown) => {
      throw walletError(err, request.recoveryWindow > 0 ? 'restore' : 'create');
    });
    this.macaroon = undefined;
  }

  async channelStates(signal?: AbortSignal): Promise<ChannelStateEntry[]> {
    const opts = signal ? { signal } : {};
    const [open, pending, closed] = await Promise.all(['/v1/channels?peer_alias_lookup=true', '/v1/channels/pending', '/v1/channels/closed'].map((p) => this.rest('GET', p, undefined, opts)));
    return lndChannelStates(open, pending, closed);
  }

  async subscribeChannelBackups(onOpen: () => void, onChange: () => void, signal: AbortSignal): Promise<void> {
    const macaroon = (await this.adminMacaroon()).toString('hex');
    let buffered = '';
    await this.http.stream({ path: '/v1/channels/backup/subscribe', headers: { Accept: 'application/json', 'Grpc-Metadata-macaroon': macaroon }, signal }, onOpen, (chunk) => {
      // grpc-gateway: one JSON object per line, {"result": …} or {"error": …}
      buffered += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line === '') continue;
        const parsed = streamLineSchema.safeParse(safeJson(line));
        if (parsed.success && parsed.data.result !== undefined) onChange();
      }
      if (buffered.length > MAX_STREAM_LINE) {
        buffered = ''; // a backup too big to keep whole is still a change
        onChange();
      }
    });
  }

  async connectInfo(): Promise<ConnectInfo> {
    const uri = lndconnectUri(this.host, PORTS.lndRest, this.cert, await this.adminMacaroon());
    return {
      uri,
      host: this.host,
      port: PORTS.lndRest,
      note: `Carries lnd's admin macaroon: whoever has it controls this node's funds. ${this.host} is lnd's address on the datacenter's internal network: a wallet reaches it from inside the datacenter, or over Tor once the gateway publishes lnd's REST port as an onion service.`,
    };
  }

  close(): void {
    this.http.close();
  }
}
