/**
 * When to tell main how far the renderer got (flow control): right away once `threshold` bytes
 * (or lines) were processed since the last acknowledgement, else after `delayMs`. Pure: the
 * caller passes the timer functions.
 */
export class AckScheduler {
  private acked = 0;
  private latest = 0;
  private timer: unknown;

  constructor(
    private readonly send: (position: number) => void,
    private readonly threshold: number,
    private readonly delayMs: number,
    private readonly timers: { set: (fn: () => void, ms: number) => unknown; clear: (t: unknown) => void } = {
      set: (fn, ms) => setTimeout(fn, ms),
      clear: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
    },
  ) {}

  /** Everything up to `position` was processed. */
  processed(position: number): void {
    if (position <= this.latest) return;
    this.latest = position;
    if (this.latest - this.acked >= this.threshold) this.flush();
    else if (this.timer === undefined) this.timer = this.timers.set(() => this.flush(), this.delayMs);
  }

  /** Starts over from `position` (a reattach replays up to there). */
  reset(position: number): void {
    this.cancel();
    this.acked = position;
    this.latest = position;
  }

  flush(): void {
    this.cancel();
    if (this.latest > this.acked) {
      this.acked = this.latest;
      this.send(this.latest);
    }
  }

  cancel(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }
}
