import { access, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { endpointSchema, type Endpoint } from '../../shared/endpoints';
import { BcmError } from '../../shared/errors';
import { readJsonFile, writeJsonFile } from './json-file';
import type { BcmLayout } from './paths';

const VERSION = 1;

/** ~/.bcm/endpoints/<name>.json: one file per endpoint, no secrets inside. */
export class EndpointStore {
  constructor(private readonly dirs: BcmLayout) {}

  private file(name: string): string {
    return join(this.dirs.endpoints, `${name}.json`);
  }

  async list(): Promise<Endpoint[]> {
    let names: string[];
    try {
      names = await readdir(this.dirs.endpoints);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const files = names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
    const endpoints = await Promise.all(files.map((f) => readJsonFile(join(this.dirs.endpoints, f), endpointSchema, VERSION)));
    return endpoints.filter((e): e is Endpoint => e !== undefined);
  }

  async get(name: string): Promise<Endpoint> {
    const endpoint = await readJsonFile(this.file(name), endpointSchema, VERSION);
    if (!endpoint) throw new BcmError('NOT_FOUND', `There is no endpoint named "${name}".`, { endpoint: name });
    return endpoint;
  }

  /** true when a file for this name exists, whether or not it is readable */
  async exists(name: string): Promise<boolean> {
    return access(this.file(name)).then(
      () => true,
      () => false,
    );
  }

  async save(endpoint: Endpoint): Promise<void> {
    await writeJsonFile(this.file(endpoint.name), endpointSchema.parse(endpoint));
  }

  async remove(name: string): Promise<void> {
    await this.get(name);
    await rm(this.file(name));
  }
}
