// One corrupt endpoints/*.json used to hide every endpoint: now the others are listed, and each bad
// file is reported by name with its reason (and left as it is).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EndpointRegistry } from '../../../src/main/endpoints/registry';
import { EndpointStore } from '../../../src/main/store/endpoints-store';
import { layout } from '../../../src/main/store/paths';
import { SecretStore } from '../../../src/main/store/secrets';

describe('endpoint files that cannot be read', () => {
  let home: string;
  let registry: EndpointRegistry;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'bcm-unreadable-'));
    const dirs = layout(home);
    const store = new EndpointStore(dirs);
    registry = new EndpointRegistry(store, new SecretStore(dirs));
    for (const name of ['alpha', 'zulu']) {
      await store.save({ schemaVersion: 1, name, kind: 'unix', address: '/var/lib/lxd/unix.socket', addedAt: '2026-12-05T00:00:00.000Z' });
    }
    await mkdir(dirs.endpoints, { recursive: true });
    await writeFile(join(dirs.endpoints, 'broken.json'), '{ "schemaVersion": 1, "name": "bro');
    await writeFile(join(dirs.endpoints, 'future.json'), JSON.stringify({ schemaVersion: 9, name: 'future' }));
  });
  afterEach(async () => {
    registry.close();
    await rm(home, { recursive: true, force: true });
  });

  it('do not hide the others, and are each named with the reason', async () => {
    expect((await registry.list()).map((e) => e.name)).toEqual(['alpha', 'zulu']);
    const problems = await registry.problems();
    expect(problems.map((p) => p.file)).toEqual([join(home, 'endpoints', 'broken.json'), join(home, 'endpoints', 'future.json')]);
    for (const p of problems) expect(p.message).toContain(p.file.split('/').pop());
    // never repaired or removed
    expect(await readFile(join(home, 'endpoints', 'broken.json'), 'utf8')).toBe('{ "schemaVersion": 1, "name": "bro');
  });
});
