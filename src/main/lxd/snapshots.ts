import type { Scope } from './collection';
import { seg, type LxdCore, type LxdRequestOptions } from './core';
import type { OperationsApi } from './operations';

/** An instance snapshot (`/1.0/instances/<name>/snapshots/<snap>`, recursion=1). */
export interface LxdInstanceSnapshot {
  name: string;
  created_at: string;
  expires_at?: string;
  stateful: boolean;
  /** the instance's config as it was when the snapshot was taken */
  config: Record<string, string>;
  devices: Record<string, Record<string, string>>;
  profiles: string[];
  /**
   * Bytes the snapshot uses (LXD's `snapshot_disk_usage`), or -1 when the storage driver cannot
   * tell (a `dir` pool always answers -1).
   */
  size?: number;
}

/** A custom volume snapshot (`/1.0/storage-pools/<pool>/volumes/custom/<vol>/snapshots/<snap>`). */
export interface LxdVolumeSnapshot {
  /** "<snap>" from a GET of one, "<vol>/<snap>" in a recursive list */
  name: string;
  description: string;
  config: Record<string, string>;
  content_type?: string;
  /** LXD 5.0 leaves it at the zero time ("0001-01-01T00:00:00Z") on some drivers */
  created_at?: string;
  expires_at?: string | null;
}

const lastSegment = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

function scoped(scope: Scope, extra: LxdRequestOptions = {}): LxdRequestOptions {
  return scope.project !== undefined ? { ...extra, project: scope.project } : extra;
}

/** Snapshots of instances: create, list, get, restore (PUT on the instance), delete. */
export class InstanceSnapshotsApi {
  constructor(
    private readonly core: LxdCore,
    private readonly operations: OperationsApi,
  ) {}

  private base(instance: string): string {
    return `/1.0/instances/${seg(instance)}/snapshots`;
  }

  /** Takes a snapshot (stateless: files and config, not memory) and waits for it. */
  async create(instance: string, name: string, scope: Scope = {}): Promise<void> {
    await this.operations.complete(await this.core.post(this.base(instance), { name, stateful: false }, scoped(scope)));
  }

  async list(instance: string, scope: Scope = {}): Promise<LxdInstanceSnapshot[]> {
    const snaps = await this.core.get<LxdInstanceSnapshot[]>(this.base(instance), scoped(scope, { query: { recursion: 1 } }));
    return snaps.map((s) => ({ ...s, name: lastSegment(s.name) }));
  }

  get(instance: string, name: string, scope: Scope = {}): Promise<LxdInstanceSnapshot> {
    return this.core.get<LxdInstanceSnapshot>(`${this.base(instance)}/${seg(name)}`, scoped(scope));
  }

  /**
   * Puts the instance back to the snapshot: its files and its config (LXD stops a running
   * instance for it and starts it again).
   */
  async restore(instance: string, name: string, scope: Scope = {}): Promise<void> {
    await this.operations.complete(await this.core.put(`/1.0/instances/${seg(instance)}`, { restore: name, stateful: false }, scoped(scope)));
  }

  async delete(instance: string, name: string, scope: Scope = {}): Promise<void> {
    await this.operations.complete(await this.core.delete(`${this.base(instance)}/${seg(name)}`, scoped(scope)));
  }
}

/** Snapshots of custom storage volumes: create (with a description), list, restore, delete. */
export class VolumeSnapshotsApi {
  constructor(
    private readonly core: LxdCore,
    private readonly operations: OperationsApi,
  ) {}

  private volume(pool: string, volume: string): string {
    return `/1.0/storage-pools/${seg(pool)}/volumes/custom/${seg(volume)}`;
  }

  /** Takes a snapshot; the description is set right after (LXD 5.0's POST takes only a name). */
  async create(pool: string, volume: string, name: string, options: Scope & { description?: string } = {}): Promise<void> {
    await this.operations.complete(await this.core.post(`${this.volume(pool, volume)}/snapshots`, { name }, scoped(options)));
    if (options.description) {
      await this.operations.complete(await this.core.put(`${this.volume(pool, volume)}/snapshots/${seg(name)}`, { description: options.description }, scoped(options)));
    }
  }

  async list(pool: string, volume: string, scope: Scope = {}): Promise<LxdVolumeSnapshot[]> {
    const snaps = await this.core.get<LxdVolumeSnapshot[]>(`${this.volume(pool, volume)}/snapshots`, scoped(scope, { query: { recursion: 1 } }));
    return snaps.map((s) => ({ ...s, name: lastSegment(s.name) }));
  }

  /** Puts the volume's content back to the snapshot (stop the instances using it first). */
  async restore(pool: string, volume: string, name: string, scope: Scope = {}): Promise<void> {
    // the PUT also replaces the writable fields: send them back as they are
    const current = await this.core.get<{ config: Record<string, string>; description: string }>(this.volume(pool, volume), scoped(scope));
    const body = { config: current.config, description: current.description, restore: name };
    await this.operations.complete(await this.core.put(this.volume(pool, volume), body, scoped(scope)));
  }

  async delete(pool: string, volume: string, name: string, scope: Scope = {}): Promise<void> {
    await this.operations.complete(await this.core.delete(`${this.volume(pool, volume)}/snapshots/${seg(name)}`, scoped(scope)));
  }
}
