import { access, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { endpointSchema, type Endpoint } from '../../shared/endpoints';
import { BcmError } from '../../shared/errors';
import { readJsonFile, writeJsonFile } from './json-file';
import type { StoreWriter } from './bcm-store';
import type { BcmLayout } from './paths';

const VERSION = 1;

/** "https 192.0.2.10:8443", "unix /var/lib/lxd/unix.socket": how a commit message names an endpoint */
export function describeEndpoint(endpoint: Endpoint): string {
  return `${endpoint.kind} ${endpoint.address}`;
}

const direct: StoreWriter = { change: (_message, apply) => apply() };

/**
 * ~/.bcm/endpoints/<name>.json: one file per endpoint, no secrets inside. With a writer (the
 * BcmStore facade) every save and remove is a commit, e.g. "Add endpoint home (https 192.0.2.10:8443)".
 */
export class EndpointStore {
  constructor(
    private readonly dirs: BcmLayout,
    private readonly writer: StoreWriter = direct,
  ) {}

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
    const valid = endpointSchema.parse(endpoint);
    const verb = (await this.exists(valid.name)) ? 'Update' : 'Add';
    await this.writer.change(`${verb} endpoint ${valid.name} (${describeEndpoint(valid)})`, () => writeJsonFile(this.file(valid.name), valid));
  }

  async remove(name: string): Promise<void> {
    const endpoint = await this.get(name);
    await this.writer.change(`Remove endpoint ${name} (${describeEndpoint(endpoint)})`, () => rm(this.file(name)));
  }
}
