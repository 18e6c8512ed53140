import { z } from 'zod';
import { BcmError } from '../../../shared/errors';
import type { HttpAnswer, HttpRequest } from './http-client';

/** What the RPC needs of HTTP (a TunnelHttpClient, or a stand-in in unit tests). */
export interface HttpRequester {
  request(req: HttpRequest): Promise<HttpAnswer>;
}

export interface RpcCall {
  method: string;
  params: unknown[];
}

export type RpcOutcome = { ok: true; result: unknown } | { ok: false; error: BcmError };

const rpcErrorSchema = z.object({ code: z.number(), message: z.string() });
const replySchema = z.object({ id: z.union([z.number(), z.string(), z.null()]), result: z.unknown().optional(), error: rpcErrorSchema.nullable().optional() });

export interface RpcCredentials {
  user: string;
  password: string;
}

/** An RPC error as people read it: which call, the daemon's words, its code in detail. */
export function rpcError(label: string, method: string, error: { code: number; message: string }): BcmError {
  const code = error.code === -28 ? 'UNREACHABLE' : 'INTERNAL';
  const hint = error.code === -28 ? ' (still starting; try again in a moment)' : '';
  return new BcmError(code, `${label}: ${method} failed: ${error.message}${hint}`, { rpcCode: error.code, method });
}

function outcomeOf(label: string, method: string, raw: unknown): RpcOutcome {
  const parsed = replySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: new BcmError('INTERNAL', `${label}: ${method} answered in an unexpected shape.`, { method }) };
  if (parsed.data.error) return { ok: false, error: rpcError(label, method, parsed.data.error) };
  return { ok: true, result: parsed.data.result ?? null };
}

/**
 * Bitcoin-style JSON-RPC (Bitcoin Core, btcd) over HTTP with basic auth. Several calls go in one
 * batch request (both daemons take batches), so one refresh is one round trip; each call keeps
 * its own outcome.
 */
export class BitcoinRpc {
  constructor(
    private readonly http: HttpRequester,
    private readonly credentials: () => Promise<RpcCredentials>,
    readonly label: string,
  ) {}

  private async post(body: string, timeoutMs: number, signal?: AbortSignal): Promise<HttpAnswer> {
    const { user, password } = await this.credentials();
    const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const answer = await this.http.request({
      method: 'POST',
      path: '/',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body,
      timeoutMs,
      ...(signal ? { signal } : {}),
    });
    if (answer.status === 401 || answer.status === 403) {
      throw new BcmError('AUTH_FAILED', `${this.label} refused BCM's RPC password (HTTP ${answer.status}). Re-apply the datacenter to write the configuration again.`);
    }
    return answer;
  }

  private parse(answer: HttpAnswer, method: string): unknown {
    try {
      return JSON.parse(answer.body.toString('utf8')) as unknown;
    } catch {
      throw new BcmError('INTERNAL', `${this.label} answered ${method} with HTTP ${answer.status} and no JSON.`, { status: answer.status });
    }
  }

  async batch(calls: RpcCall[], timeoutMs = 8_000, signal?: AbortSignal): Promise<RpcOutcome[]> {
    if (calls.length === 0) return [];
    const body = JSON.stringify(calls.map((c, id) => ({ jsonrpc: '1.0', id, method: c.method, params: c.params })));
    const answer = await this.post(body, timeoutMs, signal);
    const raw = this.parse(answer, calls.map((c) => c.method).join(', '));
    if (!Array.isArray(raw)) {
      const single = outcomeOf(this.label, calls[0]?.method ?? 'batch', raw);
      if (!single.ok) throw single.error;
      throw new BcmError('INTERNAL', `${this.label} did not answer the batch as a list.`);
    }
    const byId = new Map<unknown, unknown>(raw.map((r) => [(r as { id?: unknown }).id, r]));
    return calls.map((c, id) => (byId.has(id) ? outcomeOf(this.label, c.method, byId.get(id)) : { ok: false, error: new BcmError('INTERNAL', `${this.label} left ${c.method} unanswered.`) }));
  }

  async call(method: string, params: unknown[] = [], timeoutMs = 8_000, signal?: AbortSignal): Promise<unknown> {
    const body = JSON.stringify({ jsonrpc: '1.0', id: 0, method, params });
    const answer = await this.post(body, timeoutMs, signal);
    const outcome = outcomeOf(this.label, method, this.parse(answer, method));
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }
}
