import { useEffect, useRef, useState } from 'react';
import type { TerminalSession } from '../../shared/channels/terminal';
import { BcmError } from '../../shared/errors';
import { useApi } from '../api/context';
import { AckScheduler } from './lib/ack';
import { base64ToBytes, binaryStringToBase64 } from './lib/base64';
import { useConsoleStore, type ConsoleTab } from './console-store';
import type { XtermHandles } from './use-xterm';

type TerminalTab = Extract<ConsoleTab, { kind: 'terminal' }>;

export type TerminalStatus =
  | { kind: 'opening' }
  | { kind: 'attached' }
  | { kind: 'exited'; exitCode: number; message: string }
  /** the session is gone from main (closed, or unused past its grace period) */
  | { kind: 'gone'; message: string }
  /** another window attached to the same session */
  | { kind: 'taken' }
  /** the connection to main broke; reattaching */
  | { kind: 'lost'; message: string }
  | { kind: 'failed'; error: BcmError };

const RETRY_MS = [1_000, 2_000, 5_000, 10_000];
/** acknowledge at least every this many bytes (main's window is 256 KiB) */
const ACK_BYTES = 32 * 1024;

const toError = (err: unknown): BcmError =>
  err instanceof BcmError ? err : new BcmError('INTERNAL', err instanceof Error ? err.message : String(err));

/**
 * Opens (or reattaches to) the tab's shell in main and connects it to the xterm: output with
 * flow-control acknowledgements, keystrokes, resizes. A reload reattaches by session id.
 */
export function useTerminalSession(tab: TerminalTab, xterm: XtermHandles | null) {
  const api = useApi();
  const setSession = useConsoleStore((s) => s.setSession);
  const [status, setStatus] = useState<TerminalStatus>({ kind: 'opening' });
  const [info, setInfo] = useState<TerminalSession | null>(null);
  const [generation, setGeneration] = useState(0);
  const statusRef = useRef(status);
  useEffect(() => {
    statusRef.current = status;
  }, [status]);
  const { sessionId } = tab;
  const targetKey = JSON.stringify([tab.target, tab.shell, tab.preset ?? null]);

  // open a new session when the tab has none
  useEffect(() => {
    if (!xterm || sessionId !== undefined) return undefined;
    let cancelled = false;
    const size = xterm.fit.proposeDimensions();
    const [t, sh, pr] = JSON.parse(targetKey) as [TerminalTab['target'], TerminalTab['shell'], TerminalTab['preset'] | null];
    api
      .invoke('terminal.open', {
        endpoint: t.endpoint,
        project: t.project,
        name: t.name,
        shell: sh,
        ...(pr ? { preset: pr } : {}),
        cols: Math.max(2, size?.cols ?? 80),
        rows: Math.max(1, size?.rows ?? 24),
      })
      .then(
        (opened) => {
          if (cancelled) {
            void api.invoke('terminal.close', { sessionId: opened.sessionId }).catch(() => undefined);
            return;
          }
          setInfo(opened);
          setSession(tab.id, opened.sessionId);
        },
        (err: unknown) => {
          if (!cancelled) setStatus({ kind: 'failed', error: toError(err) });
        },
      );
    return () => {
      cancelled = true;
    };
  }, [api, xterm, sessionId, targetKey, tab.id, setSession, generation]);

  // attach: scrollback, live output, exit
  useEffect(() => {
    if (!xterm || sessionId === undefined) return undefined;
    const { term } = xterm;
    let stopped = false;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe: (() => void) | undefined;
    const acks = new AckScheduler((offset) => void api.invoke('terminal.ack', { sessionId, offset }).catch(() => undefined), ACK_BYTES, 50);
    if (info?.sessionId !== sessionId) {
      void api.invoke('terminal.list', {}).then(
        (list) => !stopped && setInfo(list.find((s) => s.sessionId === sessionId) ?? null),
        () => undefined,
      );
    }
    const attach = (): void => {
      unsubscribe = api.subscribe(
        'terminal.output',
        { sessionId },
        (event) => {
          attempt = 0;
          if (event.type === 'replay') {
            term.reset();
            acks.reset(event.offset);
            if (event.data.length > 0) term.write(base64ToBytes(event.data));
            setStatus({ kind: 'attached' });
          } else if (event.type === 'data') {
            const offset = event.offset;
            term.write(base64ToBytes(event.data), () => acks.processed(offset));
          } else {
            acks.flush();
            term.write(`\r\n\x1b[2m[${event.message.replace(/\.$/, '')}]\x1b[0m\r\n`);
            setStatus({ kind: 'exited', exitCode: event.exitCode, message: event.message });
          }
        },
        (err) => {
          unsubscribe = undefined;
          if (stopped) return;
          if (err.code === 'NOT_FOUND') setStatus({ kind: 'gone', message: err.message });
          else if (err.code === 'CONFLICT') setStatus({ kind: 'taken' });
          else {
            setStatus({ kind: 'lost', message: err.message });
            const delay = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] ?? 10_000;
            attempt += 1;
            timer = setTimeout(() => !stopped && attach(), delay);
          }
        },
      );
    };
    attach();
    return () => {
      stopped = true;
      acks.cancel();
      if (timer !== undefined) clearTimeout(timer);
      unsubscribe?.();
    };
    // info is read once per attach; generation re-attaches ("take back")
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, xterm, sessionId, generation]);

  // keystrokes and resizes go to main while attached
  useEffect(() => {
    if (!xterm || sessionId === undefined) return undefined;
    const { term } = xterm;
    const send = (data: string, encoding: 'utf8' | 'base64'): void => {
      if (statusRef.current.kind !== 'attached') return;
      api.invoke('terminal.write', { sessionId, data, encoding }).catch((err: unknown) => {
        if (err instanceof BcmError && err.code === 'NOT_FOUND') setStatus({ kind: 'gone', message: err.message });
      });
    };
    let resizeTimer: ReturnType<typeof setTimeout> | undefined;
    const subs = [
      term.onData((data) => send(data, 'utf8')),
      term.onBinary((data) => send(binaryStringToBase64(data), 'base64')),
      term.onResize(({ cols, rows }) => {
        if (resizeTimer !== undefined) clearTimeout(resizeTimer);
        resizeTimer = setTimeout(() => void api.invoke('terminal.resize', { sessionId, cols, rows }).catch(() => undefined), 60);
      }),
    ];
    return () => {
      if (resizeTimer !== undefined) clearTimeout(resizeTimer);
      for (const s of subs) s.dispose();
    };
  }, [api, xterm, sessionId]);

  // once attached, tell main the size the terminal has now (the window may have changed meanwhile)
  useEffect(() => {
    if (!xterm || sessionId === undefined || status.kind !== 'attached') return;
    const { cols, rows } = xterm.term;
    void api.invoke('terminal.resize', { sessionId, cols, rows }).catch(() => undefined);
  }, [api, xterm, sessionId, status.kind]);

  /** A new shell in the same tab (after it ended, or its session is gone). */
  const reconnect = (): void => {
    if (sessionId !== undefined) void api.invoke('terminal.close', { sessionId }).catch(() => undefined);
    xterm?.term.reset();
    setInfo(null);
    setStatus({ kind: 'opening' });
    setSession(tab.id, undefined);
    setGeneration((g) => g + 1);
  };

  /** Attaches here again after another window took the session. */
  const takeBack = (): void => setGeneration((g) => g + 1);

  return { status, info, reconnect, takeBack };
}
