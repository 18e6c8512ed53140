import { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import { BcmError } from '../../../shared/errors';
import { OperationsApi, openWebSocket, type LxdClient, type LxdOperation } from '../../lxd';

/**
 * A byte tunnel to a TCP port reached from inside a container, over one LXD exec: a tiny relay
 * (Python 3, which every cloud-init image has) connects to host:port in the container and copies
 * bytes between the socket and its stdin/stdout, which LXD carries as binary websocket frames.
 * Nothing listens on the host; a datacenter reached through one onion address is reachable here too.
 */
export const RELAY_SCRIPT = [
  'import os, socket, sys, selectors',
  's = socket.create_connection((sys.argv[1], int(sys.argv[2])), 10)',
  's.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)',
  'sel = selectors.DefaultSelector()',
  'sel.register(0, selectors.EVENT_READ, 0)',
  'sel.register(s, selectors.EVENT_READ, 1)',
  'out = sys.stdout.buffer',
  'while True:',
  '    for key, _ in sel.select():',
  '        if key.data == 0:',
  '            d = os.read(0, 65536)',
  '            if not d:',
  '                s.shutdown(socket.SHUT_WR)',
  '                sel.unregister(0)',
  '                continue',
  '            s.sendall(d)',
  '        else:',
  '            d = s.recv(65536)',
  '            if not d:',
  '                sys.exit(0)',
  '            out.write(d)',
  '            out.flush()',
].join('\n');

export interface TunnelTarget {
  project: string;
  instance: string;
  /** as seen from inside the container */
  host: string;
  port: number;
}

interface Attached {
  control: WebSocket;
  stdin: WebSocket;
  stdout: WebSocket;
  stderr: WebSocket;
  op: LxdOperation;
}

const toBuffer = (data: WebSocket.RawData): Buffer => (Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data));

async function attach(client: LxdClient, target: TunnelTarget): Promise<Attached> {
  const res = await client.post(
    `/1.0/instances/${encodeURIComponent(target.instance)}/exec`,
    { command: ['python3', '-c', RELAY_SCRIPT, target.host, String(target.port)], environment: {}, interactive: false, 'wait-for-websocket': true, 'record-output': false },
    { project: target.project },
  );
  if (res.kind !== 'async') throw new BcmError('LXD_ERROR', 'LXD answered exec without an operation.');
  const op = res.operation;
  const fds = (op.metadata?.fds ?? {}) as Record<string, string>;
  if (typeof fds.control !== 'string') throw new BcmError('LXD_ERROR', 'LXD started the tunnel without websocket secrets.');
  const ws = (secret: string | undefined): WebSocket =>
    client.transport.websocket(`/1.0/operations/${encodeURIComponent(op.id)}/websocket?secret=${encodeURIComponent(secret ?? '')}`);
  const sockets = [ws(fds.control), ws(fds['0']), ws(fds['1']), ws(fds['2'])] as const;
  for (const s of sockets) s.on('error', () => undefined);
  const opened = await Promise.allSettled(sockets.map((s) => openWebSocket(s, client.transport.target)));
  const failed = opened.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    for (const s of sockets) s.terminate();
    void new OperationsApi(client).cancel(op.id).catch(() => undefined);
    throw failed.reason instanceof BcmError ? failed.reason : new BcmError('LXD_ERROR', `Could not open the tunnel: ${String(failed.reason)}`);
  }
  const [control, stdin, stdout, stderr] = sockets;
  return { control, stdin, stdout, stderr, op };
}

/**
 * The tunnel as a stream socket (what Kafka clients take from a socket factory). `connect` fires
 * once LXD has started the relay; a relay that cannot reach the port fails the stream with the
 * relay's reason (connection refused, timed out).
 */
export class ExecTunnel extends Duplex {
  private attached: Attached | undefined;
  private readonly ready: Promise<Attached>;
  private stderrText = '';
  private closing = false;

  constructor(client: LxdClient, readonly target: TunnelTarget) {
    super({ allowHalfOpen: false });
    this.ready = attach(client, target);
    this.ready.then(
      (a) => this.onAttached(client, a),
      (err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))),
    );
    this.ready.catch(() => undefined);
  }

  private onAttached(client: LxdClient, a: Attached): void {
    if (this.destroyed) {
      this.closeSockets(a);
      return;
    }
    this.attached = a;
    a.stdout.on('message', (data, isBinary) => {
      if (!isBinary) return; // end-of-output marker
      if (!this.push(toBuffer(data))) a.stdout.pause();
    });
    a.stderr.on('message', (data, isBinary) => {
      if (isBinary && this.stderrText.length < 4096) this.stderrText += toBuffer(data).toString('utf8');
    });
    void new OperationsApi(client).settle(a.op.id).then(
      (final) => this.onExit(typeof final.metadata?.return === 'number' ? final.metadata.return : -1),
      () => this.onExit(-1),
    );
    this.emit('connect');
  }

  private onExit(code: number): void {
    if (this.destroyed) return;
    if (code !== 0 && !this.closing) {
      const last = this.stderrText.trim().split('\n').pop() ?? '';
      const why = /ConnectionRefused/.test(last) ? 'connection refused' : /timed out|TimeoutError/.test(last) ? 'connection timed out' : last || `relay exit ${code}`;
      this.destroy(new BcmError('UNREACHABLE', `Nothing answers on ${this.target.host}:${this.target.port} in ${this.target.instance} (${why}).`));
      return;
    }
    this.push(null);
  }

  override _read(): void {
    this.attached?.stdout.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.ready.then(
      (a) => {
        if (a.stdin.readyState !== a.stdin.OPEN) return callback(new BcmError('UNREACHABLE', `The tunnel to ${this.target.instance} is closed.`));
        a.stdin.send(chunk, { binary: true }, (err) => callback(err ?? null));
      },
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.ready.then(
      (a) => {
        this.closing = true;
        if (a.stdin.readyState === a.stdin.OPEN) a.stdin.send('', { binary: false }); // end of input
        callback();
      },
      () => callback(),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.closing = true;
    if (this.attached) this.closeSockets(this.attached);
    callback(error);
  }

  private closeSockets(a: Attached): void {
    for (const s of [a.stdin, a.stdout, a.stderr, a.control]) if (s.readyState === s.OPEN || s.readyState === s.CONNECTING) s.close();
  }

  // what callers of a net.Socket may call; a tunnel has nothing to tune
  setKeepAlive(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setTimeout(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}
