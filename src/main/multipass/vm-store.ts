import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { vmRecordSchema, type VmRecord } from '../../shared/channels/multipass';
import { BcmError } from '../../shared/errors';
import { writeFileAtomic } from '../store/atomic';
import type { StoreWriter } from '../store/bcm-store';
import { readJsonFile, writeJsonFile } from '../store/json-file';

const direct: StoreWriter = { change: (_message, apply) => apply() };
const VERSION = 1;

/**
 * ~/.bcm/runtime/multipass/<vm>/: `vm.json` (what was asked for, and the endpoint it became) and
 * `cloud-init.yaml` (the user-data it was launched with; no secrets). Every change is a commit
 * when a writer (the ~/.bcm history) is given; removing a VM removes its folder.
 */
export class VmStore {
  private readonly writer: StoreWriter;
  readonly root: string;

  constructor(runtimeDir: string, writer?: StoreWriter) {
    this.root = join(runtimeDir, 'multipass');
    this.writer = writer ?? direct;
  }

  dir(name: string): string {
    return join(this.root, name);
  }

  cloudInitPath(name: string): string {
    return join(this.dir(name), 'cloud-init.yaml');
  }

  find(name: string): Promise<VmRecord | undefined> {
    return readJsonFile(join(this.dir(name), 'vm.json'), vmRecordSchema, VERSION);
  }

  async get(name: string): Promise<VmRecord> {
    const vm = await this.find(name);
    if (!vm) throw new BcmError('NOT_FOUND', `BCM launched no VM named "${name}" (or it was deleted).`, { vm: name });
    return vm;
  }

  async list(): Promise<VmRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const found = await Promise.all(names.filter((n) => !n.startsWith('.')).sort().map((n) => this.find(n)));
    return found.filter((v): v is VmRecord => v !== undefined);
  }

  async forEndpoint(endpoint: string): Promise<VmRecord | null> {
    return (await this.list()).find((v) => v.endpoint === endpoint) ?? null;
  }

  /** The VM as asked for, with its user-data, before multipass is called: one commit. */
  async saveLaunching(record: VmRecord, cloudInit: string): Promise<void> {
    const valid = vmRecordSchema.parse(record);
    await this.writer.change(`Launch multipass VM ${valid.name} (${valid.cpus} vCPUs, ${valid.memoryGiB} GiB memory, ${valid.diskGiB} GiB disk)`, async () => {
      await writeFileAtomic(this.cloudInitPath(valid.name), cloudInit, 0o600);
      await writeJsonFile(join(this.dir(valid.name), 'vm.json'), valid);
    });
  }

  async update(record: VmRecord, message: string): Promise<void> {
    const valid = vmRecordSchema.parse(record);
    await this.writer.change(message, () => writeJsonFile(join(this.dir(valid.name), 'vm.json'), valid));
  }

  /** Forgets the VM: its whole folder. */
  async remove(name: string, why: string): Promise<void> {
    await this.writer.change(`Remove multipass VM ${name} (${why})`, () => rm(this.dir(name), { recursive: true, force: true }));
  }
}
