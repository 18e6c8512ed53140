import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containersOf, type ContainerPlan } from '../../../src/shared/datacenter/catalog';
import { datacenterSpecSchema, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { ensureArtifact, installArtifact, resolveArtifact } from '../../../src/main/artifacts';
import { recipeFor, secretGenerators } from '../../../src/main/datacenter/components';
import type { ContainerRecipe, RecipeContext } from '../../../src/main/datacenter/recipe';
import type { LxdClient } from '../../../src/main/lxd';
import { requireLxd, unixClient } from '../lxd/helpers';
import { DEBIAN_IMAGE, PRESEED_DIR, createLiveEnv, preseedOverrides, requireImage, type LiveEnv } from './live-env';

/**
 * The proof the datacenter's apply relies on: a regtest gateway, btcd and lnd from the recipes, in
 * real containers from the locally built Debian image, with the locally built btcd and lnd pushed
 * through installArtifact, configured and started the way the apply steps do it, until each
 * recipe's own health command passes.
 */
describe('service recipes in real containers (gateway, btcd, lnd on regtest)', () => {
  const root = unixClient();
  let env: LiveEnv;
  let lxd: LxdClient;
  let spec: DatacenterSpec;
  let recipes: Record<string, ContainerRecipe>;
  let cacheDir: string;

  const exec = async (instance: string, command: string[]): Promise<{ code: number; out: string }> => {
    // every command here is safe to repeat (checks, and the daemon-reload/enable/restart the apply
    // step also runs as idempotent): LXD 5.0.2 sometimes drops an output stream under load, and the
    // client runs an idempotent command again when it does (src/main/lxd/exec.ts)
    const res = await lxd.exec.run(instance, command, { idempotent: true });
    return { code: res.exitCode, out: `${res.stdout.toString()}${res.stderr.toString()}` };
  };

  /** The recipe's health command, polled as the wait-healthy step does. */
  const waitHealthy = async (instance: string): Promise<string> => {
    const h = recipes[instance]!.health;
    const deadline = Date.now() + h.timeoutS * 1000;
    let last = '';
    while (Date.now() < deadline) {
      const r = await exec(instance, h.command);
      last = r.out;
      if (r.code === 0 && (!h.expect || new RegExp(h.expect).test(r.out))) return r.out;
      await new Promise((res) => setTimeout(res, h.intervalS * 1000));
    }
    const journal = await exec(instance, ['journalctl', '--no-pager', '-n', '30']);
    throw new Error(`${instance} never became healthy (${h.describe}). Last: ${last}\n${journal.out}`);
  };

  /** install-artifact, write-config and enable-service, as src/main/datacenter/steps.ts does them. */
  const deploy = async (c: ContainerPlan): Promise<void> => {
    const recipe = recipes[c.name]!;
    for (const a of recipe.artifacts) {
      const file = await ensureArtifact(resolveArtifact(a.artifact, spec.artifacts), { cacheDir, preseedDirs: [PRESEED_DIR] });
      await installArtifact(lxd, { project: env.project, instance: c.name }, file.path, a.installs);
    }
    for (const f of recipe.files) await lxd.files.push(c.name, f.path, f.content, { mode: f.mode, uid: f.uid, gid: f.gid });
    for (const u of recipe.units) await lxd.files.push(c.name, `/etc/systemd/system/${u.name}`, u.content, { mode: 0o644, uid: 0, gid: 0 });
    if (!recipe.units.length) return;
    const names = recipe.units.map((u) => u.name);
    for (const cmd of [['systemctl', 'daemon-reload'], ['systemctl', 'enable', ...names], ['systemctl', 'restart', ...names]]) {
      const r = await exec(c.name, cmd);
      expect(r.code, `${cmd.join(' ')} in ${c.name}: ${r.out}`).toBe(0);
    }
  };

  beforeAll(async () => {
    await requireLxd(root);
    await requireImage(root);
    spec = datacenterSpecSchema.parse({
      schemaVersion: 1,
      name: 'itest',
      endpoint: 'local',
      chain: 'regtest',
      bitcoin: { implementation: 'btcd' },
      lightning: { lnd: true, clightning: false },
      kafka: { enabled: false, brokers: 1 },
      logging: false,
      image: { alias: DEBIAN_IMAGE },
      artifacts: preseedOverrides(),
    });
    const containers = containersOf(spec);
    env = await createLiveEnv(root, containers.map((c) => c.name));
    lxd = env.client;
    cacheDir = await mkdtemp(join(tmpdir(), 'bcmt-art-cache-'));

    // Secrets as DatacenterService resolves them: generators where there is one, else a random password.
    const base: RecipeContext = { addresses: env.addresses, secrets: {}, gatewayProxy: `http://${env.addresses.gateway}:8888` };
    const secrets: Record<string, string> = {};
    for (const name of containers.flatMap((c) => recipeFor(spec, c, base).secrets)) {
      if (secrets[name] !== undefined) continue;
      const gen = secretGenerators[name];
      Object.assign(secrets, gen ? await gen(spec.name, env.addresses) : { [name]: randomBytes(18).toString('base64url') });
    }
    const ctx: RecipeContext = { ...base, secrets };
    recipes = Object.fromEntries(containers.map((c) => [c.name, recipeFor(spec, c, ctx)]));

    const userDataKey = (await lxd.hasExtension('cloud_init')) ? 'cloud-init.user-data' : 'user.user-data';
    await Promise.all(
      containers.map(async (c) => {
        const recipe = recipes[c.name]!;
        const devices: Record<string, Record<string, string>> = {
          eth0: { type: 'nic', name: 'eth0', network: env.network, 'ipv4.address': env.addresses[c.name]! },
        };
        // as in a datacenter, the gateway alone also sits on a NAT bridge (the test setup's lxdbr0)
        if (c.outbound) devices.eth1 = { type: 'nic', name: 'eth1', network: 'lxdbr0' };
        for (const v of recipe.volumes) {
          const volume = `${c.name}-${v.name}`;
          await env.volumes.create('default', { name: volume, description: 'BCM integration test' });
          devices[`data-${v.name}`] = { type: 'disk', pool: 'default', source: volume, path: v.path };
        }
        await lxd.instances.create({ name: c.name, source: { type: 'image', alias: DEBIAN_IMAGE }, config: { [userDataKey]: recipe.userData }, devices });
        await lxd.instances.start(c.name);
        const r = await exec(c.name, ['sh', '-c', 'timeout 240 cloud-init status --wait >/dev/null; cloud-init status --long']);
        expect(r.out, `cloud-init in ${c.name}`).toMatch(/status: done/);
      }),
    );
  }, 400_000);

  afterAll(async () => {
    await env?.cleanup();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
    root.close();
  }, 120_000);

  it('cloud-init made the service accounts and data folders, owned by them on their volumes', async () => {
    const btcd = await exec('btcd', ['stat', '-c', '%U:%G %a', '/var/lib/btcd']);
    expect(btcd.out.trim()).toBe('btcd:btcd 750');
    expect((await exec('btcd', ['mountpoint', '/var/lib/btcd'])).out).toContain('is a mountpoint');
    expect((await exec('lnd', ['id', '-u', 'lnd'])).out.trim()).toBe('2103');
    const env_ = await exec('lnd', ['cat', '/etc/bcm/proxy.env']);
    expect(env_.out).toContain(`https_proxy=http://${env.addresses.gateway}:8888`);
  });

  it('the gateway runs Tor and the HTTP proxy on its internal address', async () => {
    await waitHealthy('gateway');
    const listening = await exec('gateway', ['ss', '-Hltn']);
    expect(listening.out).toContain(`${env.addresses.gateway}:8888`);
    expect(listening.out).toContain(`${env.addresses.gateway}:9050`);
    expect(listening.out).toContain('127.0.0.1:9051');
    // the default route leaves through the NAT link, never through the internal bridge
    const routes = await exec('gateway', ['ip', '-4', 'route', 'show', 'default']);
    expect(routes.out).toMatch(/default via \S+ dev eth1/);
    expect(routes.out).not.toContain('dev eth0');
    // from another container, the proxy answers (and refuses nothing on the internal subnet)
    const viaProxy = await exec('btcd', ['curl', '-sS', '-o', '/dev/null', '-w', '%{http_code}', '-x', `http://${env.addresses.gateway}:8888`, 'http://bcm-nowhere.invalid/']);
    expect(viaProxy.out).toMatch(/^(500|502|503|504)$/); // tinyproxy answered; the name does not resolve
  }, 120_000);

  it('btcd: installed from the preseeded artifact, RPC over TLS healthy (btcctl getblockchaininfo)', async () => {
    await deploy(containersOf(spec).find((c) => c.name === 'btcd')!);
    const out = await waitHealthy('btcd');
    expect(JSON.parse(out)).toMatchObject({ chain: 'regtest', blocks: 0 });
    // and over the internal address, as lnd will reach it
    const remote = await exec('btcd', ['/usr/local/bin/btcctl', '--configfile=/etc/btcd/btcctl.conf', `--rpcserver=${env.addresses.btcd}:18334`, 'getblockcount']);
    expect(remote.out.trim()).toBe('0');
  }, 180_000);

  it('lnd against btcd: wallet unlocked on regtest, getinfo healthy', async () => {
    await deploy(containersOf(spec).find((c) => c.name === 'lnd')!);
    const info = JSON.parse(await waitHealthy('lnd')) as { identity_pubkey: string; chains: Array<{ network: string }> };
    expect(info.identity_pubkey).toMatch(/^0[23][0-9a-f]{64}$/);
    expect(info.chains[0]?.network).toBe('regtest');
    const rest = await exec('lnd', ['curl', '-sk', `https://${env.addresses.lnd}:8080/v1/getinfo`]);
    expect(rest.out).toMatch(/macaroon/); // REST answers on the internal address, and wants a macaroon
  }, 240_000);
});
