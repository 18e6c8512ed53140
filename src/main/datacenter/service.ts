import { randomBytes } from 'node:crypto';
import { containersOf, estimate, type Estimate } from '../../shared/datacenter/catalog';
import type { DatacenterStatus, Plan, RunEvent, RunSnapshot } from '../../shared/datacenter/plan';
import { datacenterSpecSchema, type ComponentKind, type DatacenterSpec } from '../../shared/datacenter/spec';
import { chosenArtifact, type DatacenterVersions, type LocalBuild } from '../../shared/datacenter/versions';
import { BcmError } from '../../shared/errors';
import { defaultPreseedDirs } from '../artifacts/resolve';
import { readLocalBuilds } from '../artifacts/local-builds';
import type { EndpointRegistry } from '../endpoints/registry';
import type { LxdClient } from '../lxd';
import type { SecretStore } from '../store/secrets';
import { MARK, addressesFor, pairingTokenName } from './naming';
import { observe, type Observed } from './observe';
import { planApply, planDown } from './plan';
import { preflight } from './preflight';
import { probeUrl } from '../artifacts/locate';
import type { ContainerRecipe, RecipeContext, RecipeFn } from './recipe';
import { RunManager } from './runner';
import { dagContext, planPrerequisites } from './dag';
import type { DatacenterStore } from './spec-store';
import { datacenterStatus } from './status';
import { componentVersions, type VersionsAppInfo } from './versions';
import { executeStep, type ArtifactProvider } from './steps';
import { RunSnapshots } from './snapshots/run';
import type { SnapshotSettings } from './snapshots/settings';
import { KEEP_DEFAULT } from '../../shared/channels/snapshots';
import { baseTorrcFor, remoteAccessContext, type RemoteAccessContext } from './remote-access/state';
import { walletPairingContext, type WalletPairingContext } from './wallet-onion/state';
import { appOnionsContext, type AppOnionsContext } from './app-onion/state';
import type { AppOnionPlanInput } from './app-onion/plan';
import type { AppManifest } from '../../shared/apps/manifest';
import type { AppsList } from '../../shared/apps/listing';
import { datacenterApps, manifestNeeds } from '../apps/engine';

/** Makes the value(s) of a secret the first time a datacenter needs it (e.g. a TLS key pair). */
export type SecretGenerator = (datacenter: string, addresses: Record<string, string>) => Promise<Record<string, string>>;

export interface DatacenterDeps {
  registry: EndpointRegistry;
  store: DatacenterStore;
  secrets: SecretStore;
  recipeFor: RecipeFn;
  artifacts: ArtifactProvider;
  /** by secret name; anything else is a random password */
  secretGenerators?: Record<string, SecretGenerator>;
  /** the pre-flight's reachability probe (default: a HEAD request from this computer) */
  probe?: (url: string) => Promise<string | undefined>;
  /** how many snapshot sets an apply keeps (issue 12); 3 when absent */
  snapshotSettings?: Pick<SnapshotSettings, 'keep'>;
  /** what a person is doing to the datacenter's snapshots right now (a restore): an apply waits */
  snapshotsBusy?: (datacenter: string) => string | undefined;
  /** the most apply steps running at once (runner.ts DEFAULT_CONCURRENCY when absent; 1 = one by one) */
  concurrency?: number;
  /** local builds offered as versions (default: those the preseed folders list) */
  localBuilds?: () => Promise<Record<string, LocalBuild[]>>;
  /** the installed app manifests (issue 14: src/main/apps/registry.ts); without it a spec's apps are blockers */
  apps?: { load(): Promise<AppsList & { manifests: Record<string, AppManifest> }> };
}

/** The wanted app onions with their records and apps' titles, for the planner. */
function appOnionPlanInput(p: Pick<Prepared, 'appOnions' | 'appOnionTitles'>): AppOnionPlanInput {
  return { wanted: [...p.appOnions.states.values()].map(({ onion, state }) => ({ onion, record: state.record, title: p.appOnionTitles[onion.app] ?? onion.app })) };
}

interface Prepared {
  spec: DatacenterSpec;
  client: LxdClient;
  recipes: Record<string, ContainerRecipe>;
  addresses: Record<string, string>;
  artifactHashes: Record<string, string>;
  remoteAccess: RemoteAccessContext;
  walletPairing: WalletPairingContext;
  appOnions: AppOnionsContext;
  /** app id -> its manifest's title */
  appOnionTitles: Readonly<Record<string, string>>;
  /** why the spec's apps cannot be deployed (issue 14: the resolver), added to the plan's blockers */
  appBlockers: string[];
  /** the apps' dashboard tiles (issue 14) */
  appTiles: ReturnType<ReturnType<typeof datacenterApps>['tiles']>;
  /** per app container, the containers its services wait for (the apply DAG, issue 14) */
  appAfter: Record<string, string[]>;
  /** the spec's apps as the versions report names them: title, publisher, built-in or third-party */
  appInfo: VersionsAppInfo[];
}

export type Validation = { ok: true; spec: DatacenterSpec; estimate: Estimate } | { ok: false; issues: Array<{ path: string; message: string }> };

const GATEWAY_PROXY_PORT = 8888;

/** Datacenters: their specs, plans, runs (apply/down) and status. */
export class DatacenterService {
  readonly runs = new RunManager();
  private readonly listeners = new Set<(specs: DatacenterSpec[]) => void>();

  constructor(private readonly deps: DatacenterDeps) {}

  list(): Promise<DatacenterSpec[]> {
    return this.deps.store.list();
  }

  get(name: string): Promise<DatacenterSpec> {
    return this.deps.store.get(name);
  }

  onChanged(listener: (specs: DatacenterSpec[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async notify(): Promise<void> {
    const specs = await this.deps.store.list();
    for (const l of this.listeners) l(specs);
  }

  validate(raw: unknown): Validation {
    const parsed = datacenterSpecSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
    return { ok: true, spec: parsed.data, estimate: estimate(parsed.data) };
  }

  async save(spec: DatacenterSpec, replace: boolean): Promise<DatacenterSpec> {
    if (!(await this.deps.registry.list()).some((e) => e.name === spec.endpoint)) {
      throw new BcmError('NOT_FOUND', `There is no endpoint named "${spec.endpoint}". Add it on the Endpoints page first.`, { field: 'endpoint' });
    }
    const existing = await this.deps.store.find(spec.name);
    if (existing && !replace) {
      throw new BcmError('CONFLICT', `A datacenter named "${spec.name}" already exists. Choose another name or open that one.`, { field: 'name' });
    }
    if (existing && existing.endpoint !== spec.endpoint) {
      throw new BcmError('CONFLICT', `The datacenter "${spec.name}" is on the endpoint "${existing.endpoint}"; take it down before moving it.`, { field: 'endpoint' });
    }
    if (this.runs.isRunning(spec.name)) throw new BcmError('CONFLICT', `The datacenter "${spec.name}" is being changed right now; wait for it to finish.`);
    await this.deps.store.save(spec);
    await this.notify();
    return spec;
  }

  /**
   * The datacenter's secrets, made when missing. `persist` false (a status or versions read):
   * missing ones are made for this read only, so looking at a datacenter that was never deployed
   * writes nothing into ~/.bcm/secrets (the monitor reads every datacenter each minute).
   */
  private async resolveSecrets(spec: DatacenterSpec, names: string[], addresses: Record<string, string>, persist = true): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const name of names) {
      if (out[name] !== undefined) continue;
      const key = `dc.${spec.name}.${name}`;
      const stored = await this.deps.secrets.read(key);
      if (stored !== undefined) {
        out[name] = stored;
        continue;
      }
      const generator = this.deps.secretGenerators?.[name];
      const made = generator ? await generator(spec.name, addresses) : { [name]: randomBytes(24).toString('base64url') };
      for (const [k, v] of Object.entries(made)) {
        const existing = await this.deps.secrets.read(`dc.${spec.name}.${k}`);
        if (existing === undefined && persist) await this.deps.secrets.write(`dc.${spec.name}.${k}`, v);
        out[k] = existing ?? v;
      }
    }
    return out;
  }

  private async prepare(name: string, persistSecrets = true): Promise<Prepared> {
    return this.prepareSpec(await this.deps.store.get(name), persistSecrets);
  }

  private async prepareSpec(saved: DatacenterSpec, persistSecrets = true): Promise<Prepared> {
    const client = await this.deps.registry.client(saved.endpoint);
    // apps from manifests (issue 14): resolved first (the spec's apps in dependency order); their
    // containers get recipes from the manifests
    const loaded = saved.apps.length && this.deps.apps ? await this.deps.apps.load() : { apps: [], manifests: {} };
    const apps = datacenterApps(saved, loaded.manifests);
    const spec = apps.spec;
    const addresses = addressesFor(spec);
    const gateway = addresses.gateway ?? '';
    const baseCtx: RecipeContext = { addresses, secrets: {}, gatewayProxy: `http://${gateway}:${GATEWAY_PROXY_PORT}` };
    const containers = containersOf(spec);
    const recipeOf = (c: (typeof containers)[number], ctx: RecipeContext): ContainerRecipe | undefined =>
      c.component === 'app' ? apps.recipe(c, ctx) : this.deps.recipeFor(spec, c, ctx);
    const wanted = containers.flatMap((c) => (c.component === 'app' ? apps.secrets(c) : this.deps.recipeFor(spec, c, baseCtx).secrets));
    const ctx: RecipeContext = { ...baseCtx, secrets: await this.resolveSecrets(spec, wanted, addresses, persistSecrets) };
    const recipes = Object.fromEntries(containers.flatMap((c) => {
      const recipe = recipeOf(c, ctx);
      return recipe ? [[c.name, recipe] as const] : [];
    }));
    const appBlockers = spec.apps.length && !this.deps.apps ? ['This BCM cannot read app manifests here, so it cannot deploy the apps.'] : apps.blockers;
    const artifactHashes: Record<string, string> = {};
    for (const r of Object.values(recipes)) {
      for (const a of r.artifacts) {
        // an app's artifact carries its pin (issue 14); else a local override, else pinned or default release
        const sha = a.source ? a.source.sha256 : chosenArtifact(spec, a.artifact)?.sha256;
        if (sha) artifactHashes[a.artifact] = sha;
      }
    }
    const appOnions = await appOnionsContext(this.deps.secrets, spec); // apps' declared onion ports
    const walletPairing = await walletPairingContext(this.deps.secrets, spec, appOnions.active.apps); // issue 13
    const remoteAccess = await remoteAccessContext(client, this.deps.secrets, spec.name, spec.remoteAccess, baseTorrcFor(spec, walletPairing.active, appOnions.active.apps)); // issue 6
    const appInfo = loaded.apps.filter((a) => spec.apps.some((s) => s.id === a.id)).map((a) => ({ id: a.id, title: a.title, source: a.source, ...(a.publisher ? { publisher: a.publisher } : {}), containers: a.containers }));
    return { spec, client, recipes, addresses, artifactHashes, remoteAccess, walletPairing, appOnions, appOnionTitles: apps.titles(), appBlockers, appTiles: apps.tiles(ctx), appAfter: apps.after, appInfo };
  }

  /** `deleteData`: apply only, the components no longer in the spec whose data volumes go too */
  async plan(name: string, operation: 'apply' | 'down', keepData: boolean, deleteData: readonly ComponentKind[] = []): Promise<Plan> {
    return (await this.planWith(name, operation, keepData, deleteData)).plan;
  }

  private async planWith(name: string, operation: 'apply' | 'down', keepData: boolean, deleteData: readonly ComponentKind[]): Promise<{ plan: Plan; p: Prepared }> {
    const p = await this.prepare(name);
    const observed = await observe(p.client, p.spec.name);
    const plan =
      operation === 'apply'
        ? await this.withPreflight(p, planApply({ spec: p.spec, observed, recipes: p.recipes, artifactHashes: p.artifactHashes, remoteAccess: p.remoteAccess.plan, walletPairing: p.walletPairing, appOnions: appOnionPlanInput(p), deleteData, removalNeeds: await this.removalNeeds(observed) }))
        : planDown(p.spec, observed, keepData);
    return { plan, p };
  }

  /** What removed apps' containers need (the installed manifests), read only when LXD has app containers. */
  private async removalNeeds(observed: Observed): Promise<Record<string, string[]>> {
    if (!this.deps.apps || !observed.instances.some((i) => i.config[MARK.component] === 'app')) return {};
    return manifestNeeds((await this.deps.apps.load()).manifests);
  }

  /** The apply plan with its pre-flight checks; a failed check is a blocker too. */
  private async withPreflight(p: Prepared, plan: Plan): Promise<Plan> {
    const locate = this.deps.artifacts.locate?.bind(this.deps.artifacts);
    const checks = await preflight({ client: p.client, spec: p.spec, recipes: p.recipes, artifactHashes: p.artifactHashes, probe: this.deps.probe ?? probeUrl, ...(locate ? { locate } : {}) }, plan);
    const failed = checks.filter((c) => c.state === 'fail').map((c) => c.detail);
    return { ...plan, checks: [...(plan.checks ?? []), ...checks], blockers: [...p.appBlockers, ...plan.blockers, ...failed] };
  }

  /**
   * The plan for changed settings of a saved datacenter, before they are saved (issue 12: Edit
   * shows the diff against what is deployed; nothing changes until the owner applies it).
   */
  async planChange(spec: DatacenterSpec, deleteData: readonly ComponentKind[] = []): Promise<Plan> {
    const saved = await this.deps.store.get(spec.name);
    if (saved.endpoint !== spec.endpoint) {
      throw new BcmError('CONFLICT', `The datacenter "${spec.name}" is on the endpoint "${saved.endpoint}"; take it down before moving it.`, { field: 'endpoint' });
    }
    const p = await this.prepareSpec(spec);
    const observed = await observe(p.client, spec.name);
    return this.withPreflight(p, planApply({ spec: p.spec, observed, recipes: p.recipes, artifactHashes: p.artifactHashes, remoteAccess: p.remoteAccess.plan, walletPairing: p.walletPairing, appOnions: appOnionPlanInput(p), deleteData, removalNeeds: await this.removalNeeds(observed) }));
  }

  private async start(name: string, operation: 'apply' | 'down', keepData: boolean, deleteData: readonly ComponentKind[] = []): Promise<{ runId: string; done: Promise<void> }> {
    if (this.runs.isRunning(name)) throw new BcmError('CONFLICT', `The datacenter "${name}" is already being changed. Wait for it, or cancel it.`);
    const snapshotWork = this.deps.snapshotsBusy?.(name);
    if (snapshotWork) throw new BcmError('CONFLICT', `${snapshotWork} Wait for it to finish, then try again.`);
    const { plan, p } = await this.planWith(name, operation, keepData, deleteData);
    if (plan.blockers.length) throw new BcmError('PRECONDITION_FAILED', plan.blockers.join(' '), { blockers: plan.blockers });
    // day two (issue 12): snapshot steps, and a rollback when a snapshotted component fails
    const snapshots = new RunSnapshots({ target: { client: p.client, spec: p.spec }, recipes: p.recipes, actions: plan.actions, keep: () => this.deps.snapshotSettings?.keep() ?? Promise.resolve(KEEP_DEFAULT) });
    const deps = { client: p.client, spec: p.spec, recipes: p.recipes, addresses: p.addresses, artifactHashes: p.artifactHashes, artifacts: this.deps.artifacts, remoteAccess: p.remoteAccess, walletPairing: p.walletPairing, appOnions: p.appOnions, snapshots };
    // independent containers' steps run at once, each waiting for what it depends on (dag.ts)
    const prerequisites = planPrerequisites(plan, dagContext(p.spec, p.recipes, p.appAfter));
    const concurrency = this.deps.concurrency;
    return this.runs.start(plan, (action, report) => snapshots.guard(action, report, () => executeStep(deps, action, report)), { prerequisites, ...(concurrency !== undefined ? { concurrency } : {}) });
  }

  apply(name: string, deleteData: readonly ComponentKind[] = []): Promise<{ runId: string; done: Promise<void> }> {
    return this.start(name, 'apply', true, deleteData);
  }

  down(name: string, confirm: string, keepData: boolean): Promise<{ runId: string; done: Promise<void> }> {
    if (confirm !== name) throw new BcmError('VALIDATION', `Type the datacenter's name (${name}) to confirm taking it down.`, { field: 'confirm' });
    return this.start(name, 'down', keepData).then(({ runId, done }) => ({
      runId,
      // a take-down also removes what remote access made outside the project: the clients' pending
      // pairing tokens and the certificates LXD trusted through them
      done: done.then(async () => {
        if (this.runs.snapshot(name)?.outcome === 'succeeded') await this.revokePairings(name);
      }),
    }));
  }

  /** Every remote-access pairing token and certificate of this datacenter on its endpoint; what was removed. */
  async revokePairings(name: string): Promise<string[]> {
    const spec = await this.get(name);
    const client = await this.deps.registry.client(spec.endpoint);
    return client.certificates.revokeByName((n) => n.startsWith(pairingTokenName(name, '')));
  }

  cancel(name: string): boolean {
    return this.runs.cancel(name);
  }

  run(name: string): RunSnapshot | null {
    return this.runs.snapshot(name);
  }

  subscribe(name: string, listener: (event: RunEvent) => void): () => void {
    return this.runs.subscribe(name, listener);
  }

  async status(name: string): Promise<DatacenterStatus> {
    const p = await this.prepare(name, false);
    const status = await datacenterStatus(p.client, p.spec, p.recipes);
    return p.appTiles.length ? { ...status, tiles: p.appTiles } : status;
  }

  /** Per component: installed, desired and available versions of its artifacts (issue 12). */
  async versions(name: string): Promise<DatacenterVersions> {
    const p = await this.prepare(name, false);
    const observed = await observe(p.client, p.spec.name);
    const deployed = observed.project.exists && observed.project.datacenter === p.spec.name;
    const local = await (this.deps.localBuilds ?? (() => readLocalBuilds(defaultPreseedDirs())))();
    return { name, deployed, components: componentVersions(p.spec, p.recipes, deployed ? observed.instances : [], local, p.appInfo) };
  }

  /** The installed app manifests (issue 14): the valid ones, and the invalid ones with their errors. */
  async apps(): Promise<AppsList> {
    if (!this.deps.apps) return { apps: [], invalid: [] };
    const { apps, invalid } = await this.deps.apps.load();
    return { apps, invalid };
  }

  async forget(name: string): Promise<void> {
    const status = await this.status(name);
    if (status.deployed) throw new BcmError('PRECONDITION_FAILED', `The datacenter "${name}" is still deployed. Take it down first, then forget it.`);
    await this.deps.store.remove(name);
    // its keys go with it: onion keys and clients, RPC credentials, a stored wallet password
    // (`dc.<name>.`: names have no dots, so another datacenter's never matches)
    await this.deps.secrets.removeAll(`dc.${name}.`);
    await this.notify();
  }
}
