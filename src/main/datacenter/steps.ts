import { BcmError } from '../../shared/errors';
import { containersOf, type ContainerPlan } from '../../shared/datacenter/catalog';
import type { PlanAction } from '../../shared/datacenter/plan';
import type { DatacenterSpec } from '../../shared/datacenter/spec';
import type { ArtifactLocation } from '../artifacts/locate';
import { chosenArtifact } from '../../shared/datacenter/versions';
import type { LxdClient, LxdInstanceSource } from '../lxd';
import { StorageVolumesApi } from '../lxd/volumes';
import { internalAcl, isolationConfig } from './isolation';
import { BASE_PROFILE, MARK, STORAGE_POOL, namesFor, volumeName } from './naming';
import { BOOT_STEP, stepRecords } from './plan';
import type { ContainerRecipe } from './recipe';
import type { StepReporter } from './runner';
import { runHealthCheck } from './health';
import { clusterMemberNames, moveInstance, spanningConfig } from './cluster-steps';
import { publishOnionStep } from './remote-access/step';
import type { RemoteAccessContext } from './remote-access/state';
import { publishWalletOnionStep } from './wallet-onion/step';
import type { WalletPairingContext } from './wallet-onion/state';
import type { AppOnionsContext } from './app-onion/state';
import { publishAppOnionStep } from './app-onion/step';
import type { RunSnapshots } from './snapshots/run';

/** How verified artifacts reach a container (src/main/artifacts). */
export interface ArtifactProvider {
  /** a local file whose SHA-256 is the pinned one (downloaded, cached or pre-seeded) */
  ensure(name: string, sha256: string, report: StepReporter, version?: string, source?: { url?: string; hashSource: string }): Promise<string>;
  install(client: LxdClient, target: { project: string; instance: string }, file: string, installs: ContainerRecipe['artifacts'][number]['installs'], report: StepReporter): Promise<void>;
  /** where `ensure` would find it, without fetching (the Review's pre-flight) */
  locate?(name: string, sha256: string, source?: { url?: string; hashSource: string }): Promise<ArtifactLocation>;
}

export interface StepDeps {
  client: LxdClient;
  spec: DatacenterSpec;
  recipes: Record<string, ContainerRecipe>;
  addresses: Record<string, string>;
  artifactHashes: Record<string, string>;
  artifacts: ArtifactProvider;
  /** remote access (issue 6): what the publish-onion step installs on the gateway */
  remoteAccess?: RemoteAccessContext;
  /** wallet pairing (issue 13): what the publish-wallet-onion step installs on the gateway */
  walletPairing?: WalletPairingContext;
  /** app onions: what the publish-app-onion steps install on the gateway */
  appOnions?: AppOnionsContext;
  /** day two (issue 12): the run's snapshots, taken by the `snapshot` step */
  snapshots?: Pick<RunSnapshots, 'step'>;
}

const CLOUD_INIT_TIMEOUT_S = 300;

function imageSource(image: DatacenterSpec['image']): LxdInstanceSource {
  return image.server
    ? { type: 'image', alias: image.alias, server: image.server, protocol: 'simplestreams' }
    : { type: 'image', alias: image.alias };
}

/** LXD 5.0 reads user-data from user.user-data; newer servers have cloud-init.user-data. */
async function userDataKey(client: LxdClient): Promise<string> {
  return (await client.hasExtension('cloud_init')) ? 'cloud-init.user-data' : 'user.user-data';
}

async function instanceBody(deps: StepDeps, container: ContainerPlan, recipe: ContainerRecipe) {
  const names = namesFor(deps.spec.name);
  const records = stepRecords(container, recipe, deps.spec, deps.artifactHashes);
  const devices: Record<string, Record<string, string>> = {
    root: { type: 'disk', path: '/', pool: STORAGE_POOL, size: `${container.size.diskGiB}GiB` },
    eth0: { type: 'nic', name: 'eth0', network: names.internalNetwork, 'ipv4.address': deps.addresses[container.name] ?? '' },
  };
  if (container.outbound) devices.eth1 = { type: 'nic', name: 'eth1', network: names.natNetwork };
  for (const v of recipe.volumes) devices[`data-${v.name}`] = { type: 'disk', pool: STORAGE_POOL, source: volumeName(container.name, v.name), path: v.path };
  const config: Record<string, string> = {
    'limits.cpu': String(container.size.cpus),
    'limits.memory': `${container.size.memoryMiB}MiB`,
    [await userDataKey(deps.client)]: recipe.userData,
    [MARK.datacenter]: deps.spec.name,
    [MARK.component]: container.component,
    [`${MARK.step}instance`]: records.instance,
    // on a cluster, evacuating its member stops a container with chain data (its volumes live on
    // that member) instead of LXD trying to migrate it; a move is BCM's planned step (issue 14)
    ...(recipe.volumes.length ? { 'cluster.evacuate': 'stop' } : {}),
  };
  return { devices, config, records };
}

function find(deps: StepDeps, name: string): { container: ContainerPlan; recipe: ContainerRecipe } {
  const container = containersOf(deps.spec).find((c) => c.name === name);
  const recipe = deps.recipes[name];
  if (!container || !recipe) throw new BcmError('INTERNAL', `No recipe for container ${name}.`);
  return { container, recipe };
}

async function mark(deps: StepDeps, instance: string, key: string, hash: string): Promise<void> {
  await deps.client.instances.patch(instance, { config: { [`${MARK.step}${key}`]: hash } }, { project: namesFor(deps.spec.name).project });
}

async function exec(deps: StepDeps, instance: string, command: string[], report: StepReporter, okCodes = [0]): Promise<string> {
  const project = namesFor(deps.spec.name).project;
  // every command a step runs is safe to repeat (daemon-reload, enable, restart, cloud-init status)
  const res = await deps.client.exec.run(instance, command, { project, signal: report.signal, idempotent: true });
  const out = `${res.stdout.toString('utf8')}${res.stderr.toString('utf8')}`.trim();
  for (const line of out.split('\n').slice(-20)) if (line) report.log(line);
  if (!okCodes.includes(res.exitCode)) {
    throw new BcmError('LXD_ERROR', `\`${command.join(' ')}\` failed in ${instance} (exit ${res.exitCode}): ${out.split('\n').slice(-3).join(' ') || 'no output'}`);
  }
  return out;
}

/**
 * An upgrade replaces binaries a running service holds open ("text file busy"): the container's
 * units are stopped first (stop → install → start; enable-service, planned after any new artifact,
 * starts them again). On a first install there is nothing to stop (exit 5: unit not loaded).
 */
async function stopUnitsForInstall(deps: StepDeps, instance: string, recipe: ContainerRecipe, report: StepReporter): Promise<void> {
  if (!recipe.units.length) return;
  const units = recipe.units.map((u) => u.name);
  report.log(`stopping ${units.join(', ')} (if running) to replace its files`);
  await exec(deps, instance, ['systemctl', 'stop', ...units], report, [0, 5]);
}

/** Creates the internal bridge's ACL, or puts its rules back when they were changed. */
async function ensureInternalAcl(deps: StepDeps): Promise<void> {
  const names = namesFor(deps.spec.name);
  const body = internalAcl(names, deps.spec.name);
  const scope = { project: 'default' };
  if (!(await deps.client.networkAcls.exists(body.name, scope))) return deps.client.networkAcls.create(body, scope);
  const { name: _name, ...put } = body;
  return deps.client.networkAcls.update(body.name, put, scope);
}

/** A script that disables and removes every `bcm-*.service` not in `keep` (safe to run twice). */
export function dropStaleUnits(keep: readonly string[]): string {
  const kept = keep.filter((u) => u.startsWith('bcm-')).map((u) => ` ! -name '${u}'`).join('');
  return `cd /etc/systemd/system && find . -maxdepth 1 -name 'bcm-*.service'${kept} -printf '%f\\n' | while read -r u; do echo "removing $u (no longer in the settings)"; systemctl disable --now "$u" 2>&1; rm -f "$u"; done; true`;
}

/** Carries out one planned action against LXD. Each leaves a record so a re-plan skips it. */
export async function executeStep(deps: StepDeps, action: PlanAction, report: StepReporter): Promise<void> {
  const { client, spec } = deps;
  const names = namesFor(spec.name);
  const scope = { project: names.project };
  const volumes = new StorageVolumesApi(client, client.operations);
  const marker = { [MARK.datacenter]: spec.name };
  switch (action.kind) {
    case 'create-project':
      return client.projects.create({
        name: names.project,
        description: `Bitcoin Cache Machine datacenter ${spec.name}`,
        config: { 'features.images': 'false', 'features.profiles': 'true', 'features.storage.volumes': 'true', ...marker },
      });
    case 'create-network': {
      const internal = action.target === names.internalNetwork;
      if (internal) await ensureInternalAcl(deps);
      const members = await clusterMemberNames(client);
      // pending on each member first; an earlier attempt that stopped half-way left some pending
      const pending = members.length ? await client.networks.get(action.target, { project: 'default' }).then((n) => n.locations ?? [], () => [] as string[]) : [];
      for (const m of members.filter((x) => !pending.includes(x))) await client.cluster.createNetworkPending(action.target, 'bridge', m);
      const config: Record<string, string> = {
        'ipv4.address': internal ? names.internalCidr : names.natCidr,
        // No NAT on the internal bridge, and its ACL refuses whatever crosses the host (isolation.ts).
        // (ipv4.routing=false would also reject container-to-container traffic when the host
        // filters bridged packets.)
        'ipv4.nat': internal ? 'false' : 'true',
        'ipv6.address': 'none',
        ...(internal ? isolationConfig(names) : {}),
        ...(internal && members.length ? spanningConfig(names, isolationConfig(names)['raw.dnsmasq'] ?? '') : {}),
        ...marker,
        [MARK.role]: internal ? 'internal' : 'nat',
      };
      if (members.length) report.log(`on the cluster's members ${members.join(', ')}${internal ? ' (the internal bridges joined by a VXLAN tunnel)' : ''}`);
      return client.networks.create(
        { name: action.target, type: 'bridge', description: `BCM ${spec.name}: ${internal ? 'internal service traffic (no route out)' : 'outbound access for the gateway'}`, config },
        { project: 'default' },
      );
    }
    case 'isolate-network': {
      await ensureInternalAcl(deps);
      const current = await client.networks.get(action.target, { project: 'default' });
      report.log(`setting ${Object.keys(isolationConfig(names)).join(', ')} on ${action.target}`);
      return client.networks.patch(action.target, { config: isolationConfig(names, current.config) }, { project: 'default' });
    }
    case 'create-profile':
      return client.profiles.create(
        { name: BASE_PROFILE, description: `BCM ${spec.name}: base profile`, config: { ...marker }, devices: { root: { type: 'disk', path: '/', pool: STORAGE_POOL } } },
        scope,
      );
    case 'create-volume':
      return volumes.create(STORAGE_POOL, { name: action.target, description: `BCM ${spec.name} data` }, action.member ? { ...scope, target: action.member } : scope);
    case 'create-instance': {
      const { container, recipe } = find(deps, action.target);
      const body = await instanceBody(deps, container, recipe);
      const image = recipe.image ?? spec.image; // a recipe may name its own (Kafka's JVM variant)
      report.log(`creating ${container.name} from ${image.alias}`);
      await client.instances.create(
        { name: container.name, source: imageSource(image), type: 'container', profiles: [BASE_PROFILE], description: `BCM ${spec.name}: ${container.component}`, config: body.config, devices: body.devices },
        {
          ...scope,
          ...(action.member ? { target: action.member } : {}),
          signal: report.signal,
          onProgress: (op) => {
            const text = Object.values(op.metadata ?? {}).find((v): v is string => typeof v === 'string' && /%/.test(v));
            const pct = text ? Number(/(\d+)%/.exec(text)?.[1]) : NaN;
            if (!Number.isNaN(pct)) report.progress(pct / 100, text);
          },
        },
      );
      return;
    }
    case 'update-instance': {
      const { container, recipe } = find(deps, action.target);
      const body = await instanceBody(deps, container, recipe);
      const before = await client.instances.get(container.name, scope);
      // a container moved to its fixed address (issue 12) takes it on its next boot: stop, change, start
      const moved = before.status_code === 103 && before.devices?.['eth0']?.['ipv4.address'] !== body.devices['eth0']?.['ipv4.address'];
      if (moved) {
        report.log(`moving ${container.name} to ${deps.addresses[container.name] ?? '?'}: stopping it first`);
        await client.instances.stop(container.name, { ...scope, timeout: 60 });
      }
      await client.instances.patch(container.name, { config: body.config, devices: body.devices }, scope);
      if (moved) await client.instances.start(container.name, scope);
      return;
    }
    case 'start-instance': {
      const state = await client.instances.get(action.target, scope);
      if (state.status_code !== 103) await client.instances.start(action.target, scope);
      report.log('waiting for cloud-init to finish the first-boot setup');
      await exec(deps, action.target, ['sh', '-c', `command -v cloud-init >/dev/null || exit 0; timeout ${CLOUD_INIT_TIMEOUT_S} cloud-init status --wait >/dev/null; cloud-init status --long`], report, [0, 2]);
      return mark(deps, action.target, BOOT_STEP, '1');
    }
    case 'install-artifact': {
      const [instance, artifact] = action.target.split('/') as [string, string];
      const { container, recipe } = find(deps, instance);
      const entry = recipe.artifacts.find((a) => a.artifact === artifact);
      const sha = deps.artifactHashes[artifact];
      if (!entry || !sha) throw new BcmError('UNPINNED', `The artifact "${artifact}" has no pinned SHA-256; BCM refuses to install it.`);
      // an app's artifact (issue 14) carries its own version and source; the catalog knows the rest
      const chosen = entry.source ?? chosenArtifact(spec, artifact);
      // the installed version, for status (issue 12); a hash other than the spec's names no version
      const installed = chosen?.sha256 === sha ? chosen.version : `sha256:${sha.slice(0, 16)}`;
      const file = await deps.artifacts.ensure(artifact, sha, report, chosen?.sha256 === sha ? chosen.version : undefined, entry.source);
      await stopUnitsForInstall(deps, instance, recipe, report);
      await deps.artifacts.install(client, { project: names.project, instance }, file, entry.installs, report);
      const records = stepRecords(container, recipe, spec, deps.artifactHashes);
      await client.instances.patch(instance, { config: { [`${MARK.version}${artifact}`]: installed } }, scope);
      report.log(`installed ${artifact} ${installed}`);
      return mark(deps, instance, `artifact.${artifact}`, records.artifacts[artifact] ?? '');
    }
    case 'write-config': {
      const { container, recipe } = find(deps, action.target);
      for (const f of recipe.files) {
        report.log(`writing ${f.path}`);
        await client.files.push(container.name, f.path, f.content, { ...scope, mode: f.mode, uid: f.uid, gid: f.gid });
      }
      return mark(deps, container.name, 'config', stepRecords(container, recipe, spec, deps.artifactHashes).config);
    }
    case 'enable-service': {
      const { container, recipe } = find(deps, action.target);
      for (const u of recipe.units) {
        await client.files.push(container.name, `/etc/systemd/system/${u.name}`, u.content, { ...scope, mode: 0o644, uid: 0, gid: 0 });
      }
      const units = recipe.units.map((u) => u.name);
      // BCM's own units the settings no longer want (the log shipper once logging is off) stop and go
      await exec(deps, container.name, ['sh', '-c', dropStaleUnits(units)], report);
      await exec(deps, container.name, ['systemctl', 'daemon-reload'], report);
      if (units.length) {
        await exec(deps, container.name, ['systemctl', 'enable', ...units], report);
        await exec(deps, container.name, ['systemctl', 'restart', ...units], report);
      }
      return mark(deps, container.name, 'service', stepRecords(container, recipe, spec, deps.artifactHashes).service);
    }
    case 'snapshot':
      if (!deps.snapshots) throw new BcmError('INTERNAL', 'This run cannot take snapshots.');
      return deps.snapshots.step(action, report);
    case 'publish-onion':
      return publishOnionStep(client, spec, action.target, deps.remoteAccess, report);
    case 'publish-wallet-onion':
      return publishWalletOnionStep(client, spec, action.target, deps.walletPairing, report);
    case 'publish-app-onion':
      return publishAppOnionStep(client, spec, action.target, action.id, deps.appOnions, report);
    case 'wait-healthy': {
      const { recipe } = find(deps, action.target);
      return runHealthCheck(client, names.project, action.target, recipe.health, report, recipe.units.map((u) => u.name));
    }
    case 'move-instance':
      return moveInstance(deps, action, report);
    case 'stop-instance':
      return client.instances.stop(action.target, { ...scope, force: true, timeout: 30 });
    case 'delete-instance':
      return client.instances.delete(action.target, scope);
    case 'delete-volume':
      return volumes.delete(STORAGE_POOL, action.target, scope);
    case 'delete-profile':
      return client.profiles.delete(action.target, scope);
    case 'delete-project':
      return client.projects.delete(action.target);
    case 'delete-network': {
      await client.networks.delete(action.target, { project: 'default' });
      if (action.target !== names.internalNetwork) return;
      if (await client.networkAcls.exists(names.internalAcl, { project: 'default' })) await client.networkAcls.delete(names.internalAcl, { project: 'default' });
      return;
    }
  }
}

