import { BcmError } from '../../shared/errors';
import type { LxdOperation } from './api';
import { seg, type LxdCore, type LxdResponse } from './core';
import { OperationStatus, isOperationDone } from './envelope';

export interface WaitOptions {
  /** give up waiting after this many seconds (the operation keeps running); default: no limit */
  timeoutSeconds?: number;
  signal?: AbortSignal;
  /** the operation's metadata each time it changes while running (LXD puts progress there) */
  onProgress?: (metadata: Record<string, unknown>, operation: LxdOperation) => void;
  /** how often progress is read; default 500 ms */
  progressIntervalMs?: number;
  /** also cancel the LXD operation when `signal` aborts (when LXD allows it) */
  cancelOnAbort?: boolean;
}

/** The error for an operation that ended in Failure or Cancelled. */
export function operationError(op: LxdOperation): BcmError {
  const detail = { operationId: op.id, status: op.status, lxdError: op.err };
  if (op.status_code === OperationStatus.Cancelled) {
    return new BcmError(
      'CANCELLED',
      `The LXD operation "${op.description}" was cancelled${op.err ? ` (${op.err})` : ''}.`,
      detail,
    );
  }
  return new BcmError('LXD_ERROR', `LXD: ${op.description} failed: ${op.err || op.status}`, detail);
}

const opPath = (id: string): string => `/1.0/operations/${seg(id)}`;

/** how long one /wait call asks LXD to hold the answer, and the margin of its deadline beyond that */
export const WAIT_SLICE_S = 20;
const WAIT_MARGIN_S = 15;

/** Background operations: wait (with progress), cancel, list. */
export class OperationsApi {
  constructor(private readonly core: LxdCore) {}

  async list(opts: { project?: string; allProjects?: boolean } = {}): Promise<LxdOperation[]> {
    const scope = opts.allProjects
      ? { allProjects: true }
      : opts.project
        ? { project: opts.project }
        : { global: true };
    const byStatus = await this.core.get<Record<string, LxdOperation[]> | null>('/1.0/operations', {
      ...scope,
      query: { recursion: 1 },
    });
    return Object.values(byStatus ?? {}).flat();
  }

  get(id: string, signal?: AbortSignal): Promise<LxdOperation> {
    return this.core.get<LxdOperation>(opPath(id), signal ? { global: true, signal } : { global: true });
  }

  /**
   * Waits until the operation ends and returns it whatever its outcome (Success, Failure,
   * Cancelled); `/wait` answers 200 for failed operations too, so read `status_code` and `err`.
   */
  async settle(id: string, opts: WaitOptions = {}): Promise<LxdOperation> {
    const { signal } = opts;
    const inner = new AbortController();
    const onAbort = (): void => {
      inner.abort();
      if (opts.cancelOnAbort) void this.cancel(id).catch(() => undefined);
    };
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let poller: NodeJS.Timeout | undefined;
    if (opts.onProgress) {
      let last = '';
      const onProgress = opts.onProgress;
      const tick = (): void => {
        this.get(id, inner.signal).then(
          (op) => {
            const text = JSON.stringify(op.metadata ?? {});
            if (!isOperationDone(op) && text !== last) {
              last = text;
              onProgress(op.metadata ?? {}, op);
            }
            if (!inner.signal.aborted && !isOperationDone(op))
              poller = setTimeout(tick, opts.progressIntervalMs ?? 500);
          },
          () => undefined,
        );
      };
      poller = setTimeout(tick, opts.progressIntervalMs ?? 500);
    }
    try {
      // Waited for in slices of WAIT_SLICE_S: each is an ordinary call with its own deadline, so a
      // server that stops answering is noticed, while the operation may take as long as it needs
      // (or opts.timeoutSeconds).
      const until = opts.timeoutSeconds !== undefined ? Date.now() + opts.timeoutSeconds * 1000 : Infinity;
      for (;;) {
        const left = Math.ceil((until - Date.now()) / 1000);
        const slice = Math.max(0, Math.min(WAIT_SLICE_S, left));
        const op = await this.core.get<LxdOperation>(`${opPath(id)}/wait`, {
          global: true,
          query: { timeout: slice },
          signal: inner.signal,
          timeoutMs: (slice + WAIT_MARGIN_S) * 1000,
        });
        if (isOperationDone(op)) return op;
        if (Date.now() >= until) {
          throw new BcmError('LXD_ERROR', `LXD: "${op.description}" is still ${op.status.toLowerCase()} after ${opts.timeoutSeconds ?? 0} s.`, {
            operationId: id,
            timedOut: true,
          });
        }
      }
    } finally {
      if (poller) clearTimeout(poller);
      inner.abort();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Waits for success; a failed or cancelled operation is thrown as a BcmError. */
  async wait(id: string, opts: WaitOptions = {}): Promise<LxdOperation> {
    const op = await this.settle(id, opts);
    if (op.status_code !== OperationStatus.Success) throw operationError(op);
    return op;
  }

  /** Asks LXD to cancel (for tokens: revokes them). Only operations with `may_cancel` can be. */
  async cancel(id: string): Promise<void> {
    await this.core.delete(opPath(id), { global: true });
  }

  /** For a response that may be sync or async: waits for the operation when there is one. */
  async complete<T>(res: LxdResponse<T>, opts: WaitOptions = {}): Promise<LxdOperation | undefined> {
    if (res.kind === 'sync') return undefined;
    return this.wait(res.operation.id, opts);
  }
}
