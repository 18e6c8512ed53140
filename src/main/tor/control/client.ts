import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import {
  parseAddOnion,
  parseAuthChallenge,
  parseClientAuthView,
  parseEvent,
  parseGetInfo,
  parseProtocolInfo,
  quoteString,
  token,
  type AddOnionResult,
  type ClientAuthEntry,
  type ControlEvent,
  type ProtocolInfo,
} from './protocol';
import { ControlProtocolError, ReplyParser, isOk, replyText, type ControlReply } from './reply';

/** Tor refused a command (4xx/5xx); `status` and Tor's own text are kept. */
export class TorControlError extends Error {
  constructor(
    readonly command: string,
    readonly status: number,
    readonly text: string,
  ) {
    super(`${command}: ${status} ${text}`);
    this.name = 'TorControlError';
  }
}

export interface ControlAddress {
  host: string;
  port: number;
}

export interface AddOnionOptions {
  /** "NEW:ED25519-V3" or a saved "ED25519-V3:<base64>" */
  key: string;
  /** virtual port -> target ("127.0.0.1:8443") */
  ports: { virtual: number; target: string }[];
  /** x25519 public keys (base32, 52 characters) allowed to reach the service */
  clientAuthV3?: string[];
  /** keep the service after this control connection closes */
  detach?: boolean;
  /** do not echo the private key back */
  discardPK?: boolean;
}

const SAFECOOKIE_SERVER = 'Tor safe cookie authentication server-to-controller hash';
const SAFECOOKIE_CLIENT = 'Tor safe cookie authentication controller-to-server hash';

type Pending = { command: string; resolve: (r: ControlReply) => void; reject: (e: Error) => void };

/**
 * A typed client for Tor's control port: one TCP connection, commands answered in order,
 * asynchronous events dispatched by type. Nothing secret is logged; commands that carry keys
 * are named without their arguments in errors.
 */
export class TorControl {
  private readonly pending: Pending[] = [];
  private readonly handlers = new Map<string, Set<(e: ControlEvent) => void>>();
  private readonly closeHandlers = new Set<(err?: Error) => void>();
  private readonly parser: ReplyParser;
  private subscribed = new Set<string>();
  private closedWith: Error | undefined;
  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    this.parser = new ReplyParser(
      (reply) => {
        const next = this.pending.shift();
        if (next) next.resolve(reply);
      },
      (reply) => this.dispatch(reply),
    );
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      try {
        this.parser.feed(chunk);
      } catch (err) {
        this.shutdown(err instanceof Error ? err : new ControlProtocolError(String(err)));
      }
    });
    socket.on('error', (err) => this.shutdown(err));
    socket.on('close', () => this.shutdown(new Error('the Tor control connection closed')));
  }

  static connect(address: ControlAddress, timeoutMs = 10_000): Promise<TorControl> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: address.host, port: address.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(Object.assign(new Error(`no answer from the Tor control port ${address.host}:${address.port} within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new TorControl(socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  onClose(handler: (err?: Error) => void): () => void {
    this.closeHandlers.add(handler);
    return () => this.closeHandlers.delete(handler);
  }

  private shutdown(err: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.closedWith = err;
    this.socket.destroy();
    for (const p of this.pending.splice(0)) p.reject(err);
    for (const h of this.closeHandlers) h(err);
  }

  private dispatch(reply: ControlReply): void {
    const event = parseEvent(reply);
    for (const h of this.handlers.get(event.type) ?? []) h(event);
  }

  /** Sends one command line; resolves with a 2xx reply, rejects with TorControlError otherwise. */
  async command(line: string, name = line.split(' ')[0] ?? line): Promise<ControlReply> {
    if (/[\r\n]/.test(line)) throw new ControlProtocolError('a control command is one line');
    if (this.closed) throw this.closedWith ?? new Error('the Tor control connection is closed');
    const reply = await new Promise<ControlReply>((resolve, reject) => {
      this.pending.push({ command: name, resolve, reject });
      this.socket.write(`${line}\r\n`);
    });
    if (!isOk(reply)) throw new TorControlError(name, reply.status, replyText(reply));
    return reply;
  }

  async protocolInfo(): Promise<ProtocolInfo> {
    return parseProtocolInfo(await this.command('PROTOCOLINFO 1'));
  }

  /** PROTOCOLINFO, then SAFECOOKIE (preferred), COOKIE, password or NULL authentication. */
  async authenticate(opts: { cookieFile?: string; password?: string } = {}): Promise<ProtocolInfo> {
    const info = await this.protocolInfo();
    if (opts.password !== undefined && info.methods.includes('HASHEDPASSWORD')) {
      await this.command(`AUTHENTICATE ${quoteString(opts.password)}`, 'AUTHENTICATE');
      return info;
    }
    const cookiePath = opts.cookieFile ?? info.cookieFile;
    if (cookiePath && (info.methods.includes('SAFECOOKIE') || info.methods.includes('COOKIE'))) {
      const cookie = await readFile(cookiePath);
      if (cookie.length !== 32) throw new ControlProtocolError(`the Tor cookie file ${cookiePath} is not 32 bytes`);
      if (info.methods.includes('SAFECOOKIE')) {
        const clientNonce = randomBytes(32);
        const challenge = parseAuthChallenge(await this.command(`AUTHCHALLENGE SAFECOOKIE ${clientNonce.toString('hex')}`, 'AUTHCHALLENGE'));
        const serverNonce = Buffer.from(challenge.serverNonce, 'hex');
        const message = Buffer.concat([cookie, clientNonce, serverNonce]);
        const expected = createHmac('sha256', SAFECOOKIE_SERVER).update(message).digest();
        if (!timingSafeEqual(expected, Buffer.from(challenge.serverHash, 'hex'))) {
          throw new ControlProtocolError('the Tor control port failed the SAFECOOKIE check (is this the Tor that wrote the cookie?)');
        }
        const clientHash = createHmac('sha256', SAFECOOKIE_CLIENT).update(message).digest('hex');
        await this.command(`AUTHENTICATE ${clientHash}`, 'AUTHENTICATE');
      } else {
        await this.command(`AUTHENTICATE ${cookie.toString('hex')}`, 'AUTHENTICATE');
      }
      return info;
    }
    if (info.methods.includes('NULL')) {
      await this.command('AUTHENTICATE', 'AUTHENTICATE');
      return info;
    }
    throw new ControlProtocolError(`no usable authentication method (Tor offers ${info.methods.join(', ') || 'none'})`);
  }

  async getInfo(...keys: string[]): Promise<Record<string, string>> {
    return parseGetInfo(await this.command(`GETINFO ${keys.map((k) => token(k, 'GETINFO key')).join(' ')}`));
  }

  async getInfoOne(key: string): Promise<string> {
    const value = (await this.getInfo(key))[key];
    if (value === undefined) throw new ControlProtocolError(`GETINFO ${key}: no value in the reply`);
    return value;
  }

  /** Adds a handler for an event type and makes sure Tor sends that type. */
  async on(type: string, handler: (event: ControlEvent) => void): Promise<() => void> {
    token(type, 'event type');
    let set = this.handlers.get(type);
    if (!set) {
      set = new Set();
      this.handlers.set(type, set);
    }
    set.add(handler);
    if (!this.subscribed.has(type)) {
      const next = new Set(this.subscribed).add(type);
      await this.command(`SETEVENTS ${[...next].join(' ')}`);
      this.subscribed = next;
    }
    return () => {
      set.delete(handler);
    };
  }

  async addOnion(opts: AddOnionOptions): Promise<AddOnionResult> {
    const flags: string[] = [];
    if (opts.discardPK) flags.push('DiscardPK');
    if (opts.detach) flags.push('Detach');
    if (opts.clientAuthV3 && opts.clientAuthV3.length > 0) flags.push('V3Auth');
    const parts = [`ADD_ONION ${token(opts.key, 'onion key')}`];
    if (flags.length > 0) parts.push(`Flags=${flags.join(',')}`);
    for (const p of opts.ports) {
      if (!Number.isInteger(p.virtual) || p.virtual < 1 || p.virtual > 65535) throw new ControlProtocolError(`bad virtual port ${p.virtual}`);
      parts.push(`Port=${p.virtual},${token(p.target, 'onion target')}`);
    }
    for (const pub of opts.clientAuthV3 ?? []) {
      if (!/^[A-Z2-7]{52}$/i.test(pub)) throw new ControlProtocolError('a ClientAuthV3 key is 52 base32 characters');
      parts.push(`ClientAuthV3=${pub}`);
    }
    return parseAddOnion(await this.command(parts.join(' '), 'ADD_ONION'));
  }

  async delOnion(serviceId: string): Promise<void> {
    await this.command(`DEL_ONION ${token(serviceId, 'service id')}`);
  }

  /** Gives Tor a client-auth private key (base64 of the 32 raw x25519 bytes) for an onion address. */
  async clientAuthAdd(address: string, privateKeyBase64: string, opts: { clientName?: string; permanent?: boolean } = {}): Promise<void> {
    const parts = [`ONION_CLIENT_AUTH_ADD ${token(address, 'onion address')} x25519:${token(privateKeyBase64, 'key')}`];
    if (opts.clientName) parts.push(`ClientName=${token(opts.clientName, 'client name')}`);
    if (opts.permanent) parts.push('Flags=Permanent');
    await this.command(parts.join(' '), 'ONION_CLIENT_AUTH_ADD');
  }

  async clientAuthRemove(address: string): Promise<void> {
    await this.command(`ONION_CLIENT_AUTH_REMOVE ${token(address, 'onion address')}`);
  }

  async clientAuthView(address?: string): Promise<ClientAuthEntry[]> {
    const line = address ? `ONION_CLIENT_AUTH_VIEW ${token(address, 'onion address')}` : 'ONION_CLIENT_AUTH_VIEW';
    return parseClientAuthView(await this.command(line, 'ONION_CLIENT_AUTH_VIEW'));
  }

  async signal(name: 'RELOAD' | 'SHUTDOWN' | 'HALT' | 'NEWNYM' | 'CLEARDNSCACHE' | 'HEARTBEAT' | 'ACTIVE' | 'DORMANT'): Promise<void> {
    await this.command(`SIGNAL ${name}`);
  }

  /** Tor exits when this connection closes (pairs with __OwningControllerProcess). */
  async takeOwnership(): Promise<void> {
    await this.command('TAKEOWNERSHIP');
  }

  /** Drops __OwningControllerProcess once TAKEOWNERSHIP holds (control-spec's advice). */
  async resetConf(...keys: string[]): Promise<void> {
    await this.command(`RESETCONF ${keys.map((k) => token(k, 'option')).join(' ')}`);
  }

  close(): void {
    this.shutdown(new Error('the Tor control connection was closed by BCM'));
  }
}
