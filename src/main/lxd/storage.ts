import type { LxdStoragePool, LxdStoragePoolResources } from './api';
import { NamedCollection } from './collection';
import type { LxdCore } from './core';
import type { OperationsApi } from './operations';

export interface StoragePoolCreate {
  name: string;
  /** dir, btrfs, lvm, zfs, ceph... */
  driver: string;
  description?: string;
  config?: Record<string, string>;
}

export type StoragePoolPut = Pick<LxdStoragePool, 'description' | 'config'>;

/** `/1.0/storage-pools` (server-wide) and their space. */
export class StoragePoolsApi extends NamedCollection<LxdStoragePool, StoragePoolCreate, StoragePoolPut> {
  constructor(core: LxdCore, operations: OperationsApi) {
    super(core, operations, '/1.0/storage-pools', true);
  }

  /** Used and total bytes of the pool (`/resources`). */
  resources(name: string): Promise<LxdStoragePoolResources> {
    return this.core.get<LxdStoragePoolResources>(`${this.path(name)}/resources`, { global: true });
  }
}
