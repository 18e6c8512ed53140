import { BcmError } from '../../../shared/errors';
import type { LxdCore } from '../../lxd/index';
import type { RelayKind } from './relay';
import { ExecTunnel } from './tunnel';

export type RpcOutcome = { ok: true; result: unknown } | { ok: false; error: BcmError };

/**
 * Splits Core Lightning's reply stream into JSON objects. lightningd ends each reply with a blank
 * line; a reply split across chunks waits for its end.
 */
export class JsonStreamSplitter {
  private buffer = '';

  push(text: string): unknown[] {
    this.buffer += text;
    const out: unknown[] = [];
    let cut: number;
    while ((cut = this.buffer.indexOf('\n\n')) >= 0) {
      const part = this.buffer.slice(0, cut).trim();
      this.buffer = this.buffer.slice(cut + 2);
      if (part) out.push(JSON.parse(part) as unknown);
    }
    return out;
  }
}

interface Reply {
  id?: unknown;
  result?: unknown;
  error?: { code?: number; message?: string };
}

/**
 * JSON-RPC 2.0 over a unix socket inside a container (Core Lightning's `lightning-rpc`), through
 * an exec tunnel: the calls of one read go over one connection, then it is closed.
 */
export class UnixJsonRpc {
  constructor(
    private readonly endpoint: { core: LxdCore; project: string; instance: string; socket: string; label: string; relay?: RelayKind },
  ) {}

  batch(calls: Array<{ method: string; params: Record<string, unknown> }>, timeoutMs = 10_000, signal?: AbortSignal): Promise<RpcOutcome[]> {
    const { label } = this.endpoint;
    return new Promise<RpcOutcome[]>((resolve, reject) => {
      const tunnel = new ExecTunnel(this.endpoint.core, {
        project: this.endpoint.project,
        instance: this.endpoint.instance,
        target: { unix: this.endpoint.socket },
        label,
        ...(this.endpoint.relay ? { relay: this.endpoint.relay } : {}),
      });
      const results = new Map<number, RpcOutcome>();
      const splitter = new JsonStreamSplitter();
      let done = false;
      const finish = (err: Error | null): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        tunnel.destroy();
        if (err) reject(err);
        else resolve(calls.map((_c, i) => results.get(i) ?? { ok: false, error: new BcmError('INTERNAL', `${label} left a call unanswered.`) }));
      };
      const timer = setTimeout(() => finish(new BcmError('TIMEOUT', `${label} did not answer within ${Math.round(timeoutMs / 1000)} s.`)), timeoutMs);
      const onAbort = (): void => finish(new BcmError('CANCELLED', `The request to ${label} was cancelled.`));
      signal?.addEventListener('abort', onAbort, { once: true });
      tunnel.on('error', (err: Error) => finish(err instanceof BcmError ? err : new BcmError('UNREACHABLE', `Could not reach ${label}: ${err.message}`)));
      tunnel.on('end', () => finish(results.size === calls.length ? null : new BcmError('UNREACHABLE', `${label} closed the connection before answering.`)));
      tunnel.on('data', (chunk: Buffer) => {
        let replies: unknown[];
        try {
          replies = splitter.push(chunk.toString('utf8'));
        } catch {
          return finish(new BcmError('INTERNAL', `${label} answered with text that is not JSON.`));
        }
        for (const raw of replies) {
          const reply = raw as Reply;
          const id = typeof reply.id === 'number' ? reply.id : Number(reply.id);
          const method = calls[id]?.method ?? 'a call';
          if (!Number.isInteger(id) || id < 0 || id >= calls.length) continue;
          results.set(
            id,
            reply.error
              ? { ok: false, error: new BcmError('INTERNAL', `${label}: ${method} failed: ${reply.error.message ?? 'error'}`, { rpcCode: reply.error.code, method }) }
              : { ok: true, result: reply.result ?? null },
          );
        }
        if (results.size === calls.length) finish(null);
      });
      tunnel.write(calls.map((c, id) => JSON.stringify({ jsonrpc: '2.0', id, method: c.method, params: c.params })).join('\n'));
    });
  }

  async call(method: string, params: Record<string, unknown> = {}, timeoutMs?: number, signal?: AbortSignal): Promise<unknown> {
    const [outcome] = await this.batch([{ method, params }], timeoutMs, signal);
    if (!outcome) throw new BcmError('INTERNAL', `${this.endpoint.label}: ${method} was not answered.`);
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }
}
