import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installArtifact } from '../../../src/main/artifacts';
import type { LxdClient } from '../../../src/main/lxd';
import { writeTarGz } from '../../unit/artifacts/fixtures';
import { IMAGE, rand, requireLxd, unixClient } from '../lxd/helpers';

/** installArtifact against a real container: streamed pushes, modes, owners, folders made as needed. */
describe('installArtifact into a real container', () => {
  const root = unixClient();
  const project = `bcmt-art-${rand()}`;
  const instance = 'bcmt-art-c1';
  let lxd: LxdClient;
  let dir: string;

  beforeAll(async () => {
    await requireLxd(root);
    await root.projects.create({ name: project, description: 'BCM integration test (safe to delete)', config: { 'features.images': 'false', 'features.profiles': 'false' } });
    lxd = root.useProject(project);
    await lxd.instances.create({ name: instance, source: { type: 'image', alias: IMAGE } });
    await lxd.instances.start(instance);
    dir = await mkdtemp(join(tmpdir(), 'bcmt-art-'));
  });

  afterAll(async () => {
    await lxd?.instances.delete(instance, { force: true }).catch(() => undefined);
    await root.projects.delete(project).catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
    root.close();
  });

  it('pushes binaries and a whole folder, making missing parents, with the right modes', async () => {
    const file = join(dir, 'rel.tar.gz');
    const big = Buffer.alloc(5 * 1024 * 1024, 7);
    await writeTarGz(file, [
      { name: 'rel-1.0/', type: 'directory' },
      { name: 'rel-1.0/bin/tool', data: '#!/bin/sh\necho tool-ok\n', mode: 0o755 },
      { name: 'rel-1.0/bin/big', data: big, mode: 0o644 },
      { name: 'rel-1.0/lib/plugins/', type: 'directory' },
      { name: 'rel-1.0/lib/plugins/a.so', data: 'a', mode: 0o640 },
      { name: 'rel-1.0/lib/plugins/sub/b', data: 'b', mode: 0o755 },
    ]);
    const progress: number[] = [];
    const done = await installArtifact(
      lxd,
      { project, instance },
      file,
      [
        { from: 'bin/tool', to: '/opt/bcmt/bin/tool', mode: 0o755 },
        { from: 'bin/big', to: '/opt/bcmt/big.bin', mode: 0o600 },
        { from: 'lib/plugins/', to: '/opt/bcmt/libexec/plugins', mode: 0o755 },
      ],
      { onProgress: (f) => progress.push(f) },
    );
    expect(done.map((d) => d.path)).toEqual(['/opt/bcmt/bin/tool', '/opt/bcmt/big.bin', '/opt/bcmt/libexec/plugins/a.so', '/opt/bcmt/libexec/plugins/sub/b']);
    expect(progress.at(-1)).toBe(1);

    const run = await lxd.exec.run(instance, ['/opt/bcmt/bin/tool']);
    expect(run.stdout.toString().trim()).toBe('tool-ok');
    const bigFile = await lxd.files.read(instance, '/opt/bcmt/big.bin');
    expect(bigFile.meta).toMatchObject({ mode: 0o600, uid: 0, gid: 0 });
    expect(bigFile.data.equals(big)).toBe(true);
    expect((await lxd.files.read(instance, '/opt/bcmt/libexec/plugins/a.so')).meta.mode).toBe(0o640);
    expect((await lxd.files.read(instance, '/opt/bcmt/libexec/plugins/sub/b')).data.toString()).toBe('b');
  });

  it('cancelling stops the push with CANCELLED', async () => {
    const file = join(dir, 'rel2.tar.gz');
    await writeTarGz(file, [{ name: 'r/bin/x', data: Buffer.alloc(1024 * 1024, 1), mode: 0o755 }]);
    const ac = new AbortController();
    ac.abort();
    await expect(installArtifact(lxd, { project, instance }, file, [{ from: 'bin/x', to: '/opt/bcmt/x', mode: 0o755 }], { signal: ac.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });
});
