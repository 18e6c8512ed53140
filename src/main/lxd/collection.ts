import { seg, type LxdCore, type LxdRequestOptions, type WithEtag } from './core';
import type { OperationsApi } from './operations';

/** Per-call scope for project-scoped collections. */
export interface Scope {
  project?: string;
}

/**
 * The CRUD shape shared by LXD's named collections (projects, profiles, networks, storage pools):
 * list with recursion=1, get with ETag, create, replace (PUT) and patch with If-Match, rename,
 * delete. Resources extend it with their extras.
 */
export class NamedCollection<T, TCreate, TPut> {
  constructor(
    protected readonly core: LxdCore,
    protected readonly operations: OperationsApi,
    protected readonly base: string,
    /** server-wide collections take no project parameter */
    protected readonly global: boolean,
  ) {}

  protected opts(scope: Scope = {}, extra: LxdRequestOptions = {}): LxdRequestOptions {
    if (this.global) return { ...extra, global: true };
    return scope.project !== undefined ? { ...extra, project: scope.project } : extra;
  }

  protected path(name: string): string {
    return `${this.base}/${seg(name)}`;
  }

  list(scope?: Scope): Promise<T[]> {
    return this.core.get<T[]>(this.base, this.opts(scope, { query: { recursion: 1 } }));
  }

  async names(scope?: Scope): Promise<string[]> {
    const urls = await this.core.get<string[]>(this.base, this.opts(scope));
    return urls.map((u) => decodeURIComponent(u.split('?')[0]?.split('/').pop() ?? ''));
  }

  get(name: string, scope?: Scope): Promise<T> {
    return this.core.get<T>(this.path(name), this.opts(scope));
  }

  getWithEtag(name: string, scope?: Scope): Promise<WithEtag<T>> {
    return this.core.getWithEtag<T>(this.path(name), this.opts(scope));
  }

  async exists(name: string, scope?: Scope): Promise<boolean> {
    return (await this.names(scope)).includes(name);
  }

  async create(body: TCreate, scope?: Scope): Promise<void> {
    await this.operations.complete(await this.core.post(this.base, body, this.opts(scope)));
  }

  /** Replaces the writable fields (PUT); with `etag`, LXD refuses (412 -> CONFLICT) if it changed. */
  async update(name: string, body: TPut, options: Scope & { etag?: string } = {}): Promise<void> {
    const extra: LxdRequestOptions = options.etag !== undefined ? { etag: options.etag } : {};
    await this.operations.complete(await this.core.put(this.path(name), body, this.opts(options, extra)));
  }

  /** Merges the given fields (PATCH; config keys are merged); `etag` as for update. */
  async patch(name: string, body: Partial<TPut>, options: Scope & { etag?: string } = {}): Promise<void> {
    const extra: LxdRequestOptions = options.etag !== undefined ? { etag: options.etag } : {};
    await this.operations.complete(await this.core.patch(this.path(name), body, this.opts(options, extra)));
  }

  async rename(name: string, newName: string, scope?: Scope): Promise<void> {
    await this.operations.complete(await this.core.post(this.path(name), { name: newName }, this.opts(scope)));
  }

  async delete(name: string, scope?: Scope): Promise<void> {
    await this.operations.complete(await this.core.delete(this.path(name), this.opts(scope)));
  }
}
