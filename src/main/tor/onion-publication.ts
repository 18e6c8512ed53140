import type { TorControl } from './control/client';

/**
 * Makes sure an onion service added to Tor is really published (its descriptor uploaded).
 *
 * Why this exists (seen in Tor's info log, 0.4.9, issue 11): when Tor's directory information is
 * momentarily incomplete — right after bootstrap, or when a new consensus lists relays whose
 * descriptors it has not fetched yet — every intro-circuit launch of a newly added service fails
 * at once ("Unable to launch intro circuit"), and Tor counts those failures against the service's
 * budget: "exceeded its circuit launch limit of 28 per 300 seconds. It launched 30 circuits in the
 * last 3 seconds. Will retry in 297 seconds." For five minutes nothing is uploaded (HS_DESC CREATED,
 * never UPLOADED), and a user who just paired a phone sees an address that does not answer.
 *
 * So: (1) a service is added only once Tor says it has enough directory info and a working circuit
 * (or after a short wait, so a Tor that is still starting does not block the caller), and (2) a
 * service whose descriptor is not uploaded while Tor has been ready for `uploadDeadlineMs` is added
 * again (DEL_ONION + ADD_ONION with the same key: a new service object with a fresh budget, same
 * address), at most `maxRepublishes` times until an upload is seen.
 */

export interface PublicationPolicy {
  /** how long Tor may be ready without uploading a service's descriptor before it is added again */
  uploadDeadlineMs: number;
  /** how often readiness and uploads are checked */
  tickMs: number;
  /** re-adds per service before giving up, until an upload resets the count */
  maxRepublishes: number;
  /** how long `add` waits for Tor to be ready before adding anyway */
  readyWaitMs: number;
}

export const DEFAULT_PUBLICATION_POLICY: PublicationPolicy = { uploadDeadlineMs: 60_000, tickMs: 2_000, maxRepublishes: 3, readyWaitMs: 10_000 };

export interface PublicationState {
  uploaded: boolean;
  /** time Tor has been ready since the last add, without an upload */
  readyMs: number;
  republishes: number;
}

export type PublicationStep = 'wait' | 'republish' | 'give-up' | 'done';

/** One tick of the policy for one service. Pure. */
export function publicationStep(state: PublicationState, torReady: boolean, elapsedMs: number, policy: PublicationPolicy): { state: PublicationState; step: PublicationStep } {
  if (state.uploaded) return { state, step: 'done' };
  const readyMs = torReady ? state.readyMs + elapsedMs : 0;
  if (readyMs < policy.uploadDeadlineMs) return { state: { ...state, readyMs }, step: 'wait' };
  if (state.republishes >= policy.maxRepublishes) return { state: { ...state, readyMs }, step: 'give-up' };
  return { state: { ...state, readyMs: 0, republishes: state.republishes + 1 }, step: 'republish' };
}

/** Tor has the directory info and a built circuit it needs to publish a service. */
export async function torReadyToPublish(control: Pick<TorControl, 'getInfo'>): Promise<boolean> {
  try {
    const info = await control.getInfo('status/enough-dir-info', 'status/circuit-established');
    return info['status/enough-dir-info'] === '1' && info['status/circuit-established'] === '1';
  } catch {
    return false;
  }
}

export async function waitReadyToPublish(control: Pick<TorControl, 'getInfo'>, waitMs: number, pollMs = 500): Promise<boolean> {
  const end = Date.now() + waitMs;
  for (;;) {
    if (await torReadyToPublish(control)) return true;
    if (Date.now() >= end) return false;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Follows the services added on one Tor control connection until each is uploaded. */
export class PublicationWatch {
  private readonly states = new Map<string, PublicationState>();
  /** re-adds so far per service; kept across the remove+add of a re-add, cleared by an upload */
  private readonly counts = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private unsubscribe: (() => void) | undefined;
  private lastTick = Date.now();

  constructor(
    private readonly control: Pick<TorControl, 'getInfo' | 'on'>,
    /** adds the service again (serialised by the caller with its other changes) */
    private readonly republish: (serviceId: string) => Promise<void>,
    private readonly policy: PublicationPolicy = DEFAULT_PUBLICATION_POLICY,
    private readonly onGiveUp: (serviceId: string) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.control.on('HS_DESC', (e) => {
      const [action, address] = e.body.split(' ');
      const state = address ? this.states.get(address) : undefined;
      if (action === 'UPLOADED' && state) {
        this.states.set(address!, { ...state, uploaded: true, republishes: 0 });
        this.counts.delete(address!);
      }
    });
    this.lastTick = Date.now();
    this.timer = setInterval(() => void this.tick(), this.policy.tickMs);
    this.timer.unref();
  }

  /** A service was just added (again): follow it until its descriptor is uploaded. */
  added(serviceId: string): void {
    this.states.set(serviceId, { uploaded: false, readyMs: 0, republishes: this.counts.get(serviceId) ?? 0 });
  }

  /** The service left Tor (taken down, or on its way to being added again). */
  removed(serviceId: string): void {
    this.states.delete(serviceId);
  }

  /** The service is gone for good. */
  forget(serviceId: string): void {
    this.states.delete(serviceId);
    this.counts.delete(serviceId);
  }

  uploaded(serviceId: string): boolean {
    return this.states.get(serviceId)?.uploaded ?? false;
  }

  /** One check of every followed service; exported for tests through `tickNow`. */
  async tickNow(): Promise<void> {
    return this.tick();
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const now = Date.now();
      const elapsed = now - this.lastTick;
      this.lastTick = now;
      const waiting = [...this.states.entries()].filter(([, s]) => !s.uploaded);
      if (waiting.length === 0) return;
      const ready = await torReadyToPublish(this.control);
      for (const [serviceId, state] of waiting) {
        const next = publicationStep(state, ready, elapsed, this.policy);
        if (!this.states.has(serviceId)) continue; // removed meanwhile
        this.states.set(serviceId, next.state);
        this.counts.set(serviceId, next.state.republishes);
        if (next.step === 'republish') await this.republish(serviceId).catch(() => undefined);
        if (next.step === 'give-up') {
          this.forget(serviceId);
          this.onGiveUp(serviceId);
        }
      }
    } finally {
      this.busy = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    this.states.clear();
    this.counts.clear();
  }
}
