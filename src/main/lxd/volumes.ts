import { seg, type LxdCore } from './core';
import type { Scope } from './collection';
import type { OperationsApi } from './operations';

export interface LxdStorageVolume {
  name: string;
  type: string;
  description: string;
  config: Record<string, string>;
  used_by: string[] | null;
  content_type?: string;
  /** the cluster member it lives on (local pools in a cluster) */
  location?: string;
}

/** Custom storage volumes of a pool (`/1.0/storage-pools/<pool>/volumes/custom`), project-scoped. */
export class StorageVolumesApi {
  constructor(
    private readonly core: LxdCore,
    private readonly operations: OperationsApi,
  ) {}

  private base(pool: string): string {
    return `/1.0/storage-pools/${seg(pool)}/volumes/custom`;
  }

  private opts(scope: Scope): { project?: string } {
    return scope.project !== undefined ? { project: scope.project } : {};
  }

  list(pool: string, scope: Scope = {}): Promise<LxdStorageVolume[]> {
    return this.core.get<LxdStorageVolume[]>(this.base(pool), { ...this.opts(scope), query: { recursion: 1 } });
  }

  /** `target`: the cluster member it is made on (a local pool's volume lives on one member) */
  async create(pool: string, body: { name: string; description?: string; config?: Record<string, string> }, scope: Scope & { target?: string } = {}): Promise<void> {
    const opts = scope.target ? { ...this.opts(scope), query: { target: scope.target } } : this.opts(scope);
    await this.operations.complete(await this.core.post(this.base(pool), { ...body, type: 'custom', content_type: 'filesystem' }, opts));
  }

  async delete(pool: string, name: string, scope: Scope = {}): Promise<void> {
    await this.operations.complete(await this.core.delete(`${this.base(pool)}/${seg(name)}`, this.opts(scope)));
  }
}
