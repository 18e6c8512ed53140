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
