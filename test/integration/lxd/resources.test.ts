import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestProject, rand, removeProject, requireLxd, run, unixClient, type TestProject } from './helpers';

describe('server, projects, profiles, networks, storage pools and images on a real LXD', () => {
  const root = unixClient();
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    await requireLxd(root);
  });

  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    root.close();
  });

  it('reads the server info, the extension list and the hardware resources', async () => {
    const info = await root.server.get();
    expect(info.auth).toBe('trusted');
    expect(info.environment?.server_version).toMatch(/^\d+\.\d+/);
    expect(info.environment?.certificate_fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(await root.hasExtension('etag')).toBe(true);
    expect(await root.hasExtension('projects')).toBe(true);
    expect(await root.hasExtension('no_such_extension_bcm')).toBe(false);
    const res = await root.server.resources();
    expect(res.cpu.total).toBeGreaterThan(0);
    expect(res.memory.total).toBeGreaterThan(res.memory.used);
  });

  it('creates, reads with ETag, updates, refuses a stale ETag, renames and deletes a project', async () => {
    const name = `bcmt-${rand()}`;
    cleanups.push(() => removeProject(root, name));
    await root.projects.create({
      name,
      description: 'one',
      config: { 'features.images': 'false', 'features.profiles': 'false' },
    });
    expect(await root.projects.exists(name)).toBe(true);
    const { value, etag } = await root.projects.getWithEtag(name);
    expect(value.config['features.profiles']).toBe('false');
    expect(etag).toBeDefined();
    await root.projects.update(name, { description: 'two', config: value.config }, etag ? { etag } : {});
    await expect(
      root.projects.update(name, { description: 'three', config: value.config }, etag ? { etag } : {}),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await root.projects.patch(name, { description: 'four' });
    expect((await root.projects.get(name)).description).toBe('four');
    await expect(root.projects.create({ name })).rejects.toMatchObject({
      code: expect.stringMatching(/CONFLICT|LXD_ERROR/),
    });
    const renamed = `bcmt-${rand()}`;
    cleanups.push(() => removeProject(root, renamed));
    await root.projects.rename(name, renamed);
    expect(await root.projects.exists(name)).toBe(false);
    await root.projects.delete(renamed);
    expect(await root.projects.exists(renamed)).toBe(false);
  });

  it('creates, updates with ETag and deletes a profile in its own project', async () => {
    const tp: TestProject = await createTestProject(root, { 'features.profiles': 'true' });
    cleanups.push(() => tp.cleanup());
    const profiles = tp.client.profiles;
    await profiles.create({ name: 'bcmt-prof', description: 'p', config: { 'limits.memory': '64MiB' } });
    expect((await profiles.names()).sort()).toEqual(['bcmt-prof', 'default']);
    expect(await root.profiles.exists('bcmt-prof')).toBe(false); // not in the default project
    const { value, etag } = await profiles.getWithEtag('bcmt-prof');
    expect(value.config['limits.memory']).toBe('64MiB');
    await profiles.update(
      'bcmt-prof',
      { description: 'q', config: { 'limits.memory': '128MiB' }, devices: {} },
      etag ? { etag } : {},
    );
    await expect(
      profiles.update('bcmt-prof', { description: 'r', config: {}, devices: {} }, etag ? { etag } : {}),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      detail: { status: 412 },
    });
    expect((await profiles.get('bcmt-prof')).config['limits.memory']).toBe('128MiB');
    await profiles.delete('bcmt-prof');
    await expect(profiles.get('bcmt-prof')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('creates, reads state, updates and deletes a bridge network (bcmt- name in the default project)', async () => {
    // LXD 5.0 allows only OVN networks in non-default projects: a bridge lives in the default one.
    const name = `bcmt${rand()}`;
    cleanups.push(() => root.networks.delete(name));
    await root.networks.create({
      name,
      type: 'bridge',
      description: 'test',
      config: { 'ipv4.address': 'none', 'ipv6.address': 'none' },
    });
    const { value, etag } = await root.networks.getWithEtag(name);
    expect(value.managed).toBe(true);
    expect(value.type).toBe('bridge');
    const state = await root.networks.state(name);
    expect(state.type).toBe('broadcast');
    await root.networks.update(name, { description: 'changed', config: value.config }, etag ? { etag } : {});
    await expect(
      root.networks.update(name, { description: 'stale', config: value.config }, etag ? { etag } : {}),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await root.networks.get(name)).description).toBe('changed');
    expect(Array.isArray(await root.networks.leases('lxdbr0'))).toBe(true);
    await root.networks.delete(name);
    expect(await root.networks.exists(name)).toBe(false);
  });

  it('lists storage pools with their space, and creates and deletes a dir pool', async () => {
    const pools = await root.storagePools.list();
    expect(pools.some((p) => p.name === 'default')).toBe(true);
    const space = await root.storagePools.resources('default');
    expect(space.space.total).toBeGreaterThan(0);
    expect(space.space.used).toBeGreaterThan(0);
    const name = `bcmt-${rand()}`;
    const dir = mkdtempSync(path.join(tmpdir(), 'bcmt-pool-'));
    cleanups.push(async () => {
      await root.storagePools.delete(name).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    });
    await root.storagePools.create({ name, driver: 'dir', config: { source: dir } });
    expect((await root.storagePools.get(name)).driver).toBe('dir');
    await root.storagePools.delete(name);
    await expect(root.storagePools.get(name)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('imports a unified image tarball (streamed, with progress), aliases it, uses it and deletes it', async () => {
    const tp = await createTestProject(root, { 'features.images': 'true' });
    cleanups.push(() => tp.cleanup());
    const work = mkdtempSync(path.join(tmpdir(), 'bcmt-img-'));
    cleanups.push(async () => rmSync(work, { recursive: true, force: true }));
    const lxdArch = arch() === 'x64' ? 'x86_64' : arch() === 'arm64' ? 'aarch64' : arch();
    writeFileSync(
      path.join(work, 'metadata.yaml'),
      `architecture: ${lxdArch}\ncreation_date: ${Math.floor(Date.now() / 1000)}\nproperties:\n  description: bcmt tiny\n  os: none\n`,
    );
    mkdirSync(path.join(work, 'rootfs', 'etc'), { recursive: true });
    writeFileSync(path.join(work, 'rootfs', 'etc', 'bcmt'), rand()); // a unique fingerprint per run
    const tarball = path.join(work, 'image.tar.gz');
    await run('tar', ['-C', work, '--numeric-owner', '-czf', tarball, 'metadata.yaml', 'rootfs']);

    const alias = `bcmt-img-${rand()}`;
    const sent: number[] = [];
    const { fingerprint } = await tp.client.images.importTarball(tarball, {
      aliases: [alias],
      onUploadProgress: (n) => sent.push(n),
    });
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(sent.length).toBeGreaterThan(0);
    const image = await tp.client.images.get(fingerprint);
    expect(image.properties.description).toBe('bcmt tiny');
    expect(image.aliases.map((a) => a.name)).toEqual([alias]);
    expect((await tp.client.images.getAlias(alias)).target).toBe(fingerprint);
    expect((await root.images.list()).some((i) => i.fingerprint === fingerprint)).toBe(false); // stays in its project

    await tp.client.instances.create({ name: 'bcmt-from-img', source: { type: 'image', alias } });
    expect((await tp.client.instances.get('bcmt-from-img')).config['volatile.base_image']).toBe(fingerprint);
    await tp.client.instances.delete('bcmt-from-img');

    await tp.client.images.createAlias(`${alias}-2`, fingerprint, 'second');
    expect((await tp.client.images.listAliases()).map((a) => a.name).sort()).toEqual([alias, `${alias}-2`]);
    await tp.client.images.deleteAlias(`${alias}-2`);
    await tp.client.images.delete(fingerprint);
    await expect(tp.client.images.get(fingerprint)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
