import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BcmError } from '../../shared/errors';
import { datacenterSpecSchema, type DatacenterSpec } from '../../shared/datacenter/spec';
import { readJsonFile, writeJsonFile } from '../store/json-file';
import type { BcmLayout } from '../store/paths';

const VERSION = 1;

/** ~/.bcm/datacenters/<name>.json: the desired spec of each datacenter. */
export class DatacenterStore {
  constructor(private readonly dirs: BcmLayout) {}

  private file(name: string): string {
    return join(this.dirs.datacenters, `${name}.json`);
  }

  async list(): Promise<DatacenterSpec[]> {
    const names = await readdir(this.dirs.datacenters).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw err;
    });
    const specs = await Promise.all(
      names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort().map((n) => readJsonFile(join(this.dirs.datacenters, n), datacenterSpecSchema, VERSION)),
    );
    return specs.filter((s): s is DatacenterSpec => s !== undefined);
  }

  async find(name: string): Promise<DatacenterSpec | undefined> {
    return readJsonFile(this.file(name), datacenterSpecSchema, VERSION);
  }

  async get(name: string): Promise<DatacenterSpec> {
    const spec = await this.find(name);
    if (!spec) throw new BcmError('NOT_FOUND', `There is no datacenter named "${name}".`, { datacenter: name });
    return spec;
  }

  async save(spec: DatacenterSpec): Promise<void> {
    await writeJsonFile(this.file(spec.name), datacenterSpecSchema.parse(spec));
  }

  async remove(name: string): Promise<void> {
    await this.get(name);
    await rm(this.file(name));
  }
}
