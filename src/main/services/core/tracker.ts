import { toErrorShape } from '../../../shared/errors';
import type { Reachability } from '../../../shared/services/common';
import type { NodeSample } from '../../../shared/services/node';

/** Remembers when a service last answered and since when it has not: "not responding since …". */
export class ReachabilityTracker {
  private lastOkAt: number | null = null;
  private downSince: number | null = null;

  ok(now: number): Reachability {
    this.lastOkAt = now;
    this.downSince = null;
    return this.current(true);
  }

  failed(now: number, err: unknown): Reachability {
    this.downSince ??= now;
    return { ...this.current(false), error: toErrorShape(err) };
  }

  private current(reachable: boolean): Reachability {
    return {
      reachable,
      lastOkAt: this.lastOkAt === null ? null : new Date(this.lastOkAt).toISOString(),
      downSince: this.downSince === null ? null : new Date(this.downSince).toISOString(),
    };
  }
}

/** The node's recent samples (mempool, height, peers) for the dashboard's charts. Bounded. */
export class SampleRing {
  private readonly samples: NodeSample[] = [];

  constructor(
    private readonly limit = 720,
    /** samples closer than this are merged (a burst of refreshes keeps one point) */
    private readonly minGapMs = 4_000,
  ) {}

  add(sample: NodeSample): void {
    const last = this.samples[this.samples.length - 1];
    if (last && sample.at - last.at < this.minGapMs) this.samples[this.samples.length - 1] = sample;
    else this.samples.push(sample);
    if (this.samples.length > this.limit) this.samples.splice(0, this.samples.length - this.limit);
  }

  list(): NodeSample[] {
    return [...this.samples];
  }
}
