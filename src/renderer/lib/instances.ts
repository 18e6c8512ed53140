import type { Instance, InstanceEvent } from '../../shared/instances';

export function instanceKey(instance: Pick<Instance, 'project' | 'name'>): string {
  return `${instance.project}/${instance.name}`;
}

export function sortInstances(list: readonly Instance[]): Instance[] {
  return [...list].sort((a, b) => a.project.localeCompare(b.project) || a.name.localeCompare(b.name));
}

/** Replaces or inserts one instance, keeping the list sorted. */
export function upsertInstance(list: readonly Instance[], instance: Instance): Instance[] {
  const key = instanceKey(instance);
  return sortInstances([...list.filter((i) => instanceKey(i) !== key), instance]);
}

/**
 * Applies one event of the `instances.events` stream to a cached list: the event carries the
 * instance as it is now, or null once it is gone. Connection events leave the list unchanged.
 */
export function applyInstanceEvent(
  list: readonly Instance[] | undefined,
  event: InstanceEvent,
): Instance[] | undefined {
  if (event.type !== 'instance' || list === undefined) return list as Instance[] | undefined;
  if (event.instance === null) {
    const key = instanceKey(event);
    const next = list.filter((i) => instanceKey(i) !== key);
    return next.length === list.length ? (list as Instance[]) : next;
  }
  return upsertInstance(list, event.instance);
}

export function countRunning(list: readonly Instance[]): number {
  return list.filter((i) => i.status.toLowerCase() === 'running').length;
}

/**
 * Events that arrive while the list is being fetched describe changes the fetched list may not
 * hold (LXD answered the list before they happened): applied to no list, or overwritten by the
 * older answer, they were lost (issue 15: "0 in total" while the project had 3 containers).
 * This remembers such a gap so the list is fetched once more when the current fetch settles.
 */
export class ListGap {
  private missed = false;

  /** an event arrived: `true` when it can be applied to the list in hand */
  event(listInHand: boolean, fetching: boolean): boolean {
    if (!listInHand || fetching) {
      this.missed = true;
      return listInHand;
    }
    return true;
  }

  /** the list fetch settled: `true` when it must be fetched again */
  settled(): boolean {
    const again = this.missed;
    this.missed = false;
    return again;
  }
}
