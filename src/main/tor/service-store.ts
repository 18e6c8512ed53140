import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BcmError } from '../../shared/errors';
import { readJsonFile, writeJsonFile } from '../store/json-file';
import { onionServiceRecordSchema, type OnionServiceRecord, type OnionServiceStore } from './onion-service';

const NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Onion service keys and client lists as 0600 JSON files in a 0700 folder (~/.bcm/secrets/onion-services). */
export class FileOnionServiceStore implements OnionServiceStore {
  constructor(private readonly dir: string) {}

  private file(name: string): string {
    if (!NAME.test(name)) throw new BcmError('VALIDATION', `"${name}" is not a valid onion service name.`);
    return join(this.dir, `${name}.json`);
  }

  async list(): Promise<OnionServiceRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const records = await Promise.all(
      names
        .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
        .sort()
        .map((n) => readJsonFile(join(this.dir, n), onionServiceRecordSchema, 1)),
    );
    return records.filter((r): r is OnionServiceRecord => r !== undefined);
  }

  get(name: string): Promise<OnionServiceRecord | undefined> {
    return readJsonFile(this.file(name), onionServiceRecordSchema, 1);
  }

  async save(record: OnionServiceRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    await writeJsonFile(this.file(record.name), onionServiceRecordSchema.parse(record), 0o600);
  }

  async remove(name: string): Promise<void> {
    await rm(this.file(name), { force: true });
  }
}
