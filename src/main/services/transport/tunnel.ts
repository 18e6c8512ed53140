import { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import { BcmError } from '../../../shared/errors';
import { openWebSocket, type LxdCore, type LxdOperation } from '../../lxd/index';
import { relayCommand, type RelayKind, type RelayTarget } from './relay';

export interface TunnelOptions {
  project: string;
  instance: string;
  target: RelayTarget;
  relay?: RelayKind;
  /** what error messages call the service ("btcd's RPC") */
  label?: string;
}

const STDERR_LIMIT = 4_096;

const toBuffer = (data: WebSocket.RawData): Buffer =>
  Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);

/** Turns what the relay printed before it gave up into a message for people. */
export function relayFailure(stderr: string, label: string, where: string): BcmError {
  const text = stderr.trim();
  const last = text.split('\n').filter(Boolean).slice(-1)[0] ?? '';
  if (/refused/i.test(text)) return new BcmError('UNREACHABLE', `${label} is not listening (${where}: connection refused). The service may be starting or stopped.`, { stderr: last });
  if (/No such file|FileNotFound/i.test(text)) return new BcmError('UNREACHABLE', `${label} has no socket at ${where} yet. The service may be starting or stopped.`, { stderr: last });
  if (/not found|No such command/i.test(text) && /python3|socat/.test(text)) {
    return new BcmError('PRECONDITION_FAILED', `The container has neither socat nor python3, so BCM cannot reach ${label}. Install socat in it.`, { stderr: last });
  }
  return new BcmError('UNREACHABLE', `${label} closed the connection (${where})${last ? `: ${last}` : ''}.`, { stderr: last });
}

/**
 * A byte stream to a service's socket inside a container, carried over one LXD exec (a relay
 * reading stdin and writing stdout). A Duplex with the few socket methods node:http's Agent and
 * node:tls call, so HTTP (with keep-alive) and TLS run over it unchanged. Writes made before the
 * exec is attached are queued; destroying it closes the exec's sockets, and LXD ends the relay.
 */
export class ExecTunnel extends Duplex {
  timeout = 0;
  readonly remoteAddress: string;
  private sockets: { control: WebSocket; stdin: WebSocket; stdout: WebSocket; stderr: WebSocket } | undefined;
  private readonly opened: Promise<void>;
  private received = 0;
  private stderrText = '';
  private stdoutEnded = false;
  private stderrEnded = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly label: string;
  private readonly where: string;

  constructor(
    private readonly core: LxdCore,
    private readonly options: TunnelOptions,
  ) {
    super({ allowHalfOpen: true });
    const t = options.target;
    this.where = 'unix' in t ? t.unix : `${t.host}:${t.port}`;
    this.remoteAddress = `${options.instance}/${this.where}`;
    this.label = options.label ?? `the service in ${options.instance}`;
    this.opened = this.open();
    this.opened.catch((err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))));
  }

  private async open(): Promise<void> {
    const body = {
      command: relayCommand(this.options.target, this.options.relay),
      environment: {},
      interactive: false,
      'wait-for-websocket': true,
      'record-output': false,
    };
    const res = await this.core.post(`/1.0/instances/${encodeURIComponent(this.options.instance)}/exec`, body, { project: this.options.project });
    if (res.kind !== 'async') throw new BcmError('LXD_ERROR', 'LXD answered exec without an operation.');
    const op: LxdOperation = res.operation;
    const fds = op.metadata?.fds as Record<string, string> | undefined;
    if (!fds || typeof fds.control !== 'string') throw new BcmError('LXD_ERROR', 'LXD started the relay without websocket secrets.');
    const socket = (secret: string | undefined): WebSocket =>
      this.core.transport.websocket(`/1.0/operations/${encodeURIComponent(op.id)}/websocket?secret=${encodeURIComponent(secret ?? '')}`);
    const control = socket(fds.control);
    const stdin = socket(fds['0']);
    const stdout = socket(fds['1']);
    const stderr = socket(fds['2']);
    const all = [control, stdin, stdout, stderr];
    for (const ws of all) ws.on('error', () => undefined);
    // listeners first: LXD starts the relay as soon as the last socket connects
    stdout.on('message', (data, isBinary) => {
      if (!isBinary) return this.onStdoutEnd();
      const chunk = toBuffer(data);
      this.received += chunk.length;
      if (!this.push(chunk)) stdout.pause();
    });
    stderr.on('message', (data, isBinary) => {
      if (!isBinary) {
        this.stderrEnded = true;
        return;
      }
      if (this.stderrText.length < STDERR_LIMIT) this.stderrText += toBuffer(data).toString('utf8');
    });
    control.once('close', () => {
      // the relay is gone (or LXD is): whatever was not ended cleanly ends now
      setTimeout(() => {
        if (!this.destroyed && !this.stdoutEnded) this.destroy(relayFailure(this.stderrText, this.label, this.where));
      }, 200).unref();
    });
    const results = await Promise.allSettled(all.map((ws) => openWebSocket(ws, this.core.transport.target)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      for (const ws of all) ws.terminate();
      throw failed.reason instanceof BcmError ? failed.reason : new BcmError('LXD_ERROR', `Could not attach to the relay: ${String(failed.reason)}`);
    }
    this.sockets = { control, stdin, stdout, stderr };
    if (this.destroyed) this.closeSockets();
  }

  private onStdoutEnd(): void {
    if (this.stdoutEnded) return;
    this.stdoutEnded = true;
    if (this.received > 0) {
      this.push(null);
      return;
    }
    // nothing came back: say why if the relay printed a reason (stderr may lag a little)
    const started = Date.now();
    const decide = (): void => {
      if (!this.stderrEnded && Date.now() - started < 500) {
        setTimeout(decide, 20).unref();
        return;
      }
      if (this.stderrText.trim()) this.destroy(relayFailure(this.stderrText, this.label, this.where));
      else this.push(null);
    };
    decide();
  }

  override _read(): void {
    this.sockets?.stdout.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const send = (): void => {
      const stdin = this.sockets?.stdin;
      if (!stdin || stdin.readyState !== stdin.OPEN) return callback(new BcmError('UNREACHABLE', `The tunnel to ${this.label} is closed.`));
      this.touch();
      stdin.send(chunk, { binary: true }, (err) => callback(err ?? null));
    };
    if (this.sockets) send();
    else this.opened.then(send, (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
  }

  override _final(callback: (error?: Error | null) => void): void {
    const end = (): void => {
      const stdin = this.sockets?.stdin;
      if (stdin && stdin.readyState === stdin.OPEN) stdin.send('', { binary: false }, () => callback());
      else callback();
    };
    if (this.sockets) end();
    else this.opened.then(end, () => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.timer) clearTimeout(this.timer);
    this.closeSockets();
    callback(error);
  }

  private closeSockets(): void {
    if (!this.sockets) return;
    for (const ws of Object.values(this.sockets)) {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    }
  }

  // ---- the parts of net.Socket that node:http's Agent and node:tls use ----

  setTimeout(ms: number, callback?: () => void): this {
    this.timeout = ms;
    if (callback) this.once('timeout', callback);
    this.touch();
    return this;
  }

  private touch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.timeout > 0 && !this.destroyed) {
      this.timer = setTimeout(() => this.emit('timeout'), this.timeout);
      this.timer.unref();
    }
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk !== null) this.touch();
    return super.push(chunk, encoding);
  }

  setKeepAlive(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }
}
