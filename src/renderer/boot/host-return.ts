/**
 * After the browser host went away: ask for its page now and then, and when it answers again (a
 * restarted host listens on the same port and still knows this tab's session, src/main/host/
 * host-state.ts) load the page anew, which reconnects with everything fresh. Issue 15: the old
 * tab used to stay dead until the owner pressed Reload.
 */

/** seconds between tries: quick at first, then every 5 s */
export function retryDelayMs(attempt: number): number {
  return [1_000, 2_000, 3_000][attempt] ?? 5_000;
}

export interface ReturnWatch {
  stop(): void;
}

export function watchForHostReturn(
  probe: () => Promise<boolean>,
  onBack: () => void,
  schedule: (fn: () => void, ms: number) => unknown = (fn, ms) => setTimeout(fn, ms),
): ReturnWatch {
  let stopped = false;
  let attempt = 0;
  const tick = (): void => {
    if (stopped) return;
    void probe()
      .catch(() => false)
      .then((up) => {
        if (stopped) return;
        if (up) {
          stopped = true;
          onBack();
        } else schedule(tick, retryDelayMs(attempt++));
      });
  };
  schedule(tick, retryDelayMs(attempt++));
  return { stop: () => (stopped = true) };
}
