import { access, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { BcmError } from '../../shared/errors';
import type { StoreWriter } from './bcm-store';
import { readJsonFile, writeJsonFile } from './json-file';

const direct: StoreWriter = { change: (_message, apply) => apply() };

export interface CollectionProblem {
  /** the file's absolute path */
  file: string;
  /** what is wrong with it, and what to do */
  message: string;
}

export interface CollectionOptions<T> {
  /** the folder under ~/.bcm, e.g. ~/.bcm/endpoints */
  dir: string;
  schema: z.ZodType<T>;
  version: number;
  /** "endpoint", "datacenter": how messages name one item */
  noun: string;
  /** a short description for commit messages, e.g. "https 192.0.2.10:8443" */
  describe: (item: T) => string;
  name: (item: T) => string;
  /** with the BcmStore facade every save and remove is a commit */
  writer?: StoreWriter;
}

/**
 * A folder of schema-versioned JSON files, one per named item (~/.bcm/endpoints,
 * ~/.bcm/datacenters). Reads never repair: a bad file is reported by name (STORE_ERROR).
 */
export class JsonCollection<T> {
  private readonly writer: StoreWriter;

  constructor(private readonly o: CollectionOptions<T>) {
    this.writer = o.writer ?? direct;
  }

  private file(name: string): string {
    return join(this.o.dir, `${name}.json`);
  }

  private async files(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.o.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
  }

  /** Every item; the first unreadable file fails the whole list (STORE_ERROR naming it). */
  async list(): Promise<T[]> {
    const items = await Promise.all((await this.files()).map((f) => readJsonFile(join(this.o.dir, f), this.o.schema, this.o.version)));
    return items.filter((i): i is Awaited<T> => i !== undefined);
  }

  /**
   * Every readable item, and a problem per file that is not (corrupt, from a newer BCM, invalid):
   * one bad file must not hide all the others. Files are never repaired or removed here.
   */
  async listReadable(): Promise<{ items: T[]; problems: CollectionProblem[] }> {
    const items: T[] = [];
    const problems: CollectionProblem[] = [];
    for (const f of await this.files()) {
      try {
        const item = await readJsonFile(join(this.o.dir, f), this.o.schema, this.o.version);
        if (item !== undefined) items.push(item);
      } catch (err) {
        problems.push({ file: join(this.o.dir, f), message: err instanceof Error ? err.message : String(err) });
      }
    }
    return { items, problems };
  }

  find(name: string): Promise<T | undefined> {
    return readJsonFile(this.file(name), this.o.schema, this.o.version);
  }

  async get(name: string): Promise<T> {
    const item = await this.find(name);
    if (item === undefined) throw new BcmError('NOT_FOUND', `There is no ${this.o.noun} named "${name}".`, { [this.o.noun]: name });
    return item;
  }

  /** true when a file for this name exists, whether or not it is readable */
  exists(name: string): Promise<boolean> {
    return access(this.file(name)).then(
      () => true,
      () => false,
    );
  }

  async save(item: T): Promise<void> {
    const valid = this.o.schema.parse(item);
    const name = this.o.name(valid);
    const verb = (await this.exists(name)) ? 'Update' : 'Add';
    await this.writer.change(`${verb} ${this.o.noun} ${name} (${this.o.describe(valid)})`, () => writeJsonFile(this.file(name), valid));
  }

  async remove(name: string): Promise<void> {
    const item = await this.get(name);
    await this.writer.change(`Remove ${this.o.noun} ${name} (${this.o.describe(item)})`, () => rm(this.file(name)));
  }
}
