/**
 * Credit-based flow control between main and one renderer: every batch sent is recorded with its
 * end position and cost; the renderer acknowledges positions it has processed. Above `high` cost in
 * flight the producer is paused; it resumes once the cost falls to `low`. Pure; the caller pauses
 * and resumes the source (an LXD websocket) when told to.
 */
export class FlowWindow {
  private batches: Array<{ end: number; cost: number }> = [];
  private cost = 0;
  paused = false;

  constructor(
    readonly high: number,
    readonly low: number = Math.floor(high / 2),
  ) {}

  get inflight(): number {
    return this.cost;
  }

  /** Records a batch ending at `end`; true when the producer should pause now. */
  sent(end: number, cost: number): boolean {
    this.batches.push({ end, cost });
    this.cost += cost;
    if (!this.paused && this.cost > this.high) {
      this.paused = true;
      return true;
    }
    return false;
  }

  /** The consumer has processed everything up to `position`; true when the producer should resume. */
  ack(position: number): boolean {
    while (this.batches.length > 0 && (this.batches[0]?.end ?? Infinity) <= position) {
      this.cost -= this.batches.shift()?.cost ?? 0;
    }
    return this.release();
  }

  /** Forgets everything in flight (a new consumer took over); true when the producer should resume. */
  reset(): boolean {
    this.batches = [];
    this.cost = 0;
    return this.release();
  }

  private release(): boolean {
    if (this.paused && this.cost <= this.low) {
      this.paused = false;
      return true;
    }
    return false;
  }
}
