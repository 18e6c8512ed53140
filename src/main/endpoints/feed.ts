import type { ErrorShape } from '../../shared/errors';
import type { Instance, InstanceEvent } from '../../shared/instances';
import type { LxdEvent, LxdLifecycle } from '../lxd/api';
import { instanceFromSource } from './instance-view';

export interface Stream {
  emit(event: InstanceEvent): void;
  fail(error: ErrorShape): void;
}

/**
 * LXD sends no event when a container's DHCP lease arrives, so after a start without an address
 * the instance is read again at these delays (ms) until one appears.
 */
export const ADDRESS_FOLLOW_UP_MS = [1_000, 2_000, 4_000, 8_000];

export function awaitsAddress(instance: Instance | null): boolean {
  return instance !== null && instance.status === 'Running' && instance.ipv4.length === 0 && instance.ipv6.length === 0;
}

/**
 * One endpoint's live instance feed: turns LXD lifecycle events into instance events for every
 * subscriber, reading each changed instance once (and again until it has an address).
 */
export class InstanceFeed {
  readonly streams = new Set<Stream>();
  /** the last connection state, replayed to late subscribers */
  lastState: InstanceEvent | undefined;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopEvents: () => void = () => undefined;

  constructor(
    readonly endpoint: string,
    private readonly read: (project: string, name: string) => Promise<Instance>,
  ) {}

  attach(stop: () => void): void {
    if (this.closed) stop();
    else this.stopEvents = stop;
  }

  broadcast(event: InstanceEvent): void {
    if (this.closed) return;
    if (event.type === 'connection') this.lastState = event;
    for (const s of this.streams) s.emit(event);
  }

  fail(error: ErrorShape): void {
    for (const s of this.streams) s.fail(error);
    this.close();
  }

  onConnection(state: 'connected' | 'reconnecting', reason?: string): void {
    this.broadcast({ type: 'connection', endpoint: this.endpoint, state, ...(reason ? { message: reason } : {}) });
  }

  onLxdEvent(event: LxdEvent): void {
    const meta = event.metadata as Partial<LxdLifecycle>;
    if (typeof meta.action !== 'string' || !meta.action.startsWith('instance-') || typeof meta.source !== 'string') return;
    const ref = instanceFromSource(meta.source, event.project ?? 'default');
    if (!ref) return;
    const base = { type: 'instance' as const, endpoint: this.endpoint, project: ref.project, name: ref.name };
    if (meta.action === 'instance-deleted') {
      this.broadcast({ ...base, action: meta.action, instance: null });
      return;
    }
    const action = meta.action;
    const look = (attempt: number): void => {
      this.read(ref.project, ref.name).then(
        (instance) => {
          const next = ADDRESS_FOLLOW_UP_MS[attempt];
          if (attempt > 0 && awaitsAddress(instance) && next !== undefined) return this.later(next, () => look(attempt + 1));
          this.broadcast({ ...base, action: attempt === 0 ? action : 'instance-address', instance });
          if (attempt === 0 && awaitsAddress(instance)) this.later(ADDRESS_FOLLOW_UP_MS[0] ?? 1_000, () => look(1));
        },
        () => undefined, // gone again before we could look: the deleted event follows
      );
    };
    look(0);
  }

  private later(ms: number, fn: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.stopEvents();
  }
}
