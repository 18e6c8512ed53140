import type { LxdResources, LxdServer } from './api';
import type { LxdCore, WithEtag } from './core';

/** `/1.0` and `/1.0/resources`. */
export class ServerApi {
  constructor(private readonly core: LxdCore) {}

  /** Server info; `auth` says whether this client is trusted. */
  get(signal?: AbortSignal): Promise<LxdServer> {
    return this.core.serverInfo(signal ? { signal } : {});
  }

  getWithEtag(): Promise<WithEtag<LxdServer>> {
    return this.core.getWithEtag<LxdServer>('/1.0', { global: true });
  }

  /** Replaces `config` (keys not given are unset), with If-Match when an ETag is given. */
  async updateConfig(config: Record<string, string>, etag?: string): Promise<void> {
    await this.core.put('/1.0', { config }, etag ? { global: true, etag } : { global: true });
  }

  /** Hardware: CPUs, memory, disks, GPUs... (trusted clients only). */
  resources(): Promise<LxdResources> {
    return this.core.get<LxdResources>('/1.0/resources', { global: true });
  }
}
