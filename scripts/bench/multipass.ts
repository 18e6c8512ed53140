// Multipass "New VM" flow: what BCM itself costs around multipass, measured with the FAKE multipass
// (test/fakes/multipass; the real CLI is snap-only) set to no delays, and the real test LXD.
//   - the whole flow (checks, cloud-init, launch, setup check, token, probe, enrol, endpoint) and
//     delete, minus nothing: with a zero-delay FAKE this is BCM's overhead plus the FAKE's node
//     start-ups (one per multipass command, ~40–60 ms each on 2 cores)
//   - enrolment alone against the real LXD: probe (TLS + GET /1.0) and token redemption
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EndpointRegistry } from '../../src/main/endpoints/registry';
import { ensureClientIdentity } from '../../src/main/endpoints/identity';
import { buildVmCloudInit } from '../../src/main/multipass/cloud-init';
import { MultipassService } from '../../src/main/multipass/service';
import { VmStore } from '../../src/main/multipass/vm-store';
import { EndpointStore } from '../../src/main/store/endpoints-store';
import { layout } from '../../src/main/store/paths';
import { SecretStore } from '../../src/main/store/secrets';

const FAKE = resolve('test/fakes/multipass/multipass');
const RUNS = 5;
const lxc = (...args: string[]) => execFileSync('lxc', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function main(): Promise<void> {
  const fakeHome = await mkdtemp(join(tmpdir(), 'bcmt-mp-bench-'));
  process.env.BCM_FAKE_MULTIPASS_HOME = fakeHome;
  await writeFile(join(fakeHome, 'host.json'), JSON.stringify({ timeScale: 0, bootSeconds: 0 }));
  const flow: number[] = [];
  const del: number[] = [];
  const probe: number[] = [];
  const enrol: number[] = [];
  const fingerprints: string[] = [];
  try {
    let t0 = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) buildVmCloudInit({ vmName: 'bcm', trustName: `bcm-host-${i}` });
    console.log(`cloud-init generation: ${(ms(t0) / 1000).toFixed(3)} ms each`);

    for (let i = 0; i < RUNS; i++) {
      const dirs = layout(await mkdtemp(join(tmpdir(), 'bcmt-mp-bench-home-')));
      const registry = new EndpointRegistry(new EndpointStore(dirs), new SecretStore(dirs));
      fingerprints.push((await ensureClientIdentity(new SecretStore(dirs))).fingerprint);
      const service = new MultipassService({ store: new VmStore(dirs.runtime), endpoints: registry, env: { ...process.env, BCM_MULTIPASS: FAKE }, hostName: 'bench' });
      const name = `bcmt-mp-bench-${i}`;
      t0 = process.hrtime.bigint();
      await service.create(`bench-${i}`, { name, cpus: 1, memoryGiB: 1, diskGiB: 10, image: 'lts' });
      flow.push(ms(t0));
      t0 = process.hrtime.bigint();
      await service.delete(name, name);
      del.push(ms(t0));

      // enrolment alone: a fresh identity, a real token, probe then redeem
      const dirs2 = layout(await mkdtemp(join(tmpdir(), 'bcmt-mp-bench-home-')));
      const reg2 = new EndpointRegistry(new EndpointStore(dirs2), new SecretStore(dirs2));
      fingerprints.push((await ensureClientIdentity(new SecretStore(dirs2))).fingerprint);
      const token = lxc('config', 'trust', 'add', '--name', `${name}-enrol`, '--quiet').trim();
      t0 = process.hrtime.bigint();
      const p = await reg2.probeRemote('127.0.0.1:8443');
      probe.push(ms(t0));
      t0 = process.hrtime.bigint();
      await reg2.addRemote({ name: 'vm', address: '127.0.0.1:8443', fingerprint: p.fingerprint, credential: { kind: 'token', token } });
      enrol.push(ms(t0));
      service.close();
      registry.close();
      reg2.close();
      await rm(dirs.root, { recursive: true, force: true });
      await rm(dirs2.root, { recursive: true, force: true });
    }
    console.log(`new VM → endpoint, zero-delay FAKE multipass, real LXD: median ${median(flow).toFixed(0)} ms (runs: ${flow.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`delete VM + endpoint + files: median ${median(del).toFixed(0)} ms`);
    console.log(`probe (TLS, GET /1.0) median ${median(probe).toFixed(1)} ms; token enrolment (addRemote) median ${median(enrol).toFixed(1)} ms`);
  } finally {
    for (const fp of fingerprints) {
      try {
        lxc('config', 'trust', 'remove', fp);
      } catch {
        // not trusted (removed with its FAKE VM)
      }
    }
    await rm(fakeHome, { recursive: true, force: true });
  }
}

await main();
