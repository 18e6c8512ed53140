import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MultipassCli } from '../../../src/main/multipass/cli';
import { detectMultipass } from '../../../src/main/multipass/detect';
import { locateMultipass } from '../../../src/main/multipass/locate';
import type { LaunchOutput } from '../../../src/main/multipass/parse';
import { cleanupTrust, FAKE_MULTIPASS, fake, fakeMultipassHome, pendingTokens } from './fake-env';

// The driver runs the FAKE multipass (test/fakes/multipass): the real CLI is snap-only and cannot
// be installed here. The FAKE's "first boot" makes a real token on the test LXD; cleaned up below.
const cloudInit = (trust: string) => `#cloud-config\nruncmd:\n  - [sh, -c, "lxc config trust add --name '${trust}' > /var/lib/bcm/trust-token"]\n`;
const host = { cpus: 2, memoryBytes: 8 * 2 ** 30, freeDiskBytes: 100 * 2 ** 30, storagePath: '/var' };

describe('multipass driver against the FAKE multipass', () => {
  let env: Awaited<ReturnType<typeof fakeMultipassHome>>;
  const cli = new MultipassCli(FAKE_MULTIPASS, 'linux');
  const vm = `bcmt-mp-drv-${process.pid}`;

  beforeAll(async () => {
    env = await fakeMultipassHome();
  });
  afterAll(async () => {
    cleanupTrust([]);
    await env.cleanup();
  });

  it('reports the client and daemon versions', async () => {
    expect(await cli.version()).toEqual({ multipass: '1.14.1', multipassd: '1.14.1' });
    expect(await cli.list()).toEqual([]);
  });

  it('launches with live progress (FAKE: image download, create, boot), then reads info', async () => {
    const seen: LaunchOutput[] = [];
    await cli.launch({ name: vm, cpus: 2, memoryGiB: 2, diskGiB: 12, image: 'lts', cloudInit: cloudInit(vm), timeoutSeconds: 60 }, (o) => seen.push(o));
    const percents = seen.filter((o) => o.kind === 'download').map((o) => (o.kind === 'download' ? o.percent : -1));
    expect(percents.length).toBeGreaterThan(5);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
    expect(seen.map((o) => o.text)).toEqual(expect.arrayContaining([`Creating ${vm}`, `Starting ${vm}`, 'Waiting for initialization to complete', `Launched: ${vm}`]));
    const info = await cli.info(vm);
    expect(info).toMatchObject({ name: vm, state: 'Running', ipv4: ['127.0.0.1'], cpus: 2, imageRelease: '24.04 LTS', disk: { total: 12 * 2 ** 30 } });
    expect((await cli.list()).map((v) => [v.name, v.state])).toEqual([[vm, 'Running']]);
    // the token the FAKE's first boot asked the real LXD for is pending there
    expect(pendingTokens(vm)).toEqual([vm]);
  }, 30_000);

  it('runs programs in the VM (exit codes pass through)', async () => {
    const status = await cli.exec(vm, ['cloud-init', 'status', '--wait', '--format', 'json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'done' });
    expect((await cli.exec(vm, ['cat', '/var/lib/bcm/trust-token'])).code).toBe(1); // root only
    expect((await cli.exec(vm, ['sudo', 'cat', '/var/lib/bcm/trust-token'])).stdout).toMatch(/certificate add token:\neyJ/);
  });

  it('stops and starts', async () => {
    await cli.stop(vm);
    expect(await cli.info(vm)).toMatchObject({ state: 'Stopped', ipv4: [], cpus: null });
    await expect(cli.exec(vm, ['true'])).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('is not running') as string });
    await cli.start(vm);
    expect((await cli.info(vm)).state).toBe('Running');
  });

  it('refuses a second VM of the same name with CONFLICT', async () => {
    await expect(cli.launch({ name: vm, cpus: 1, memoryGiB: 1, diskGiB: 10, image: 'lts', cloudInit: '#cloud-config\n', timeoutSeconds: 60 }, () => undefined)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('deletes for good (and the FAKE VM’s LXD forgets its pending token)', async () => {
    await cli.delete(vm, { purge: true });
    expect(await cli.list()).toEqual([]);
    expect(pendingTokens(vm)).toEqual([]);
    await expect(cli.info(vm)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('says when the daemon is not running', async () => {
    await env.setHost({ daemon: 'stopped' });
    try {
      expect(await cli.version()).toEqual({ multipass: '1.14.1' });
      await expect(cli.list()).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', detail: { reason: 'daemon-down' } });
      const d = await detectMultipass({ platform: 'linux', locate: () => locateMultipass({ env: { BCM_MULTIPASS: FAKE_MULTIPASS } }), host: async () => host, virtualization: async () => true, cli: (p) => new MultipassCli(p, 'linux') });
      expect(d).toMatchObject({ state: 'daemon-down', path: FAKE_MULTIPASS, nextStep: expect.stringContaining('sudo snap restart multipass') as string });
    } finally {
      await env.setHost({});
    }
  });

  it('detects a ready multipass, a missing one (with the install command) and no virtualisation', async () => {
    const deps = { platform: 'linux' as const, host: async () => host, virtualization: async () => true, cli: (p: string) => new MultipassCli(p, 'linux') };
    expect(await detectMultipass({ ...deps, locate: () => locateMultipass({ env: { BCM_MULTIPASS: FAKE_MULTIPASS } }) })).toMatchObject({ state: 'ready', version: '1.14.1', daemonVersion: '1.14.1', offerLocalLxd: false });
    expect(await detectMultipass({ ...deps, locate: () => locateMultipass({ env: { PATH: '/nonexistent' }, platform: 'linux', isExecutable: async () => false }) })).toMatchObject({
      state: 'missing',
      installCommand: 'sudo snap install multipass',
      offerLocalLxd: true,
    });
    expect(await detectMultipass({ ...deps, virtualization: async () => false, locate: () => locateMultipass({ env: { BCM_MULTIPASS: FAKE_MULTIPASS } }) })).toMatchObject({ state: 'no-virtualization', offerLocalLxd: true });
  });

  it('turns the FAKE’s KVM error into "no hardware virtualisation"', async () => {
    await env.setHost({ kvm: false });
    try {
      await expect(cli.launch({ name: `${vm}-k`, cpus: 1, memoryGiB: 1, diskGiB: 10, image: 'lts', cloudInit: '#cloud-config\n', timeoutSeconds: 60 }, () => undefined)).rejects.toMatchObject({
        code: 'PRECONDITION_FAILED',
        detail: { reason: 'no-virtualization' },
      });
      expect(fake('list', '--format', 'json')).toContain('"list": []');
    } finally {
      await env.setHost({});
    }
  });
});
