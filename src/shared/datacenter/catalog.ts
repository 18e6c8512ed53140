import { builtinDrivers, type BuiltinContainer, type BuiltinDriver } from '../apps/builtin';
import { builtinManifests, replicaNames } from '../apps/builtins';
import type { ComponentKind, DatacenterSpec, Size } from './spec';

/**
 * The service catalog: what each component is, which containers it makes, what it depends on and
 * how much it needs, shared by the wizard (descriptions, sizes, disk estimates) and by main (plan).
 * The built-in components' entries derive from their manifests (apps/builtin/*.yaml, through
 * ../apps/builtins.ts); `app` stands for every app deployed from a manifest. How each service is
 * configured lives in src/main/datacenter/components/, and the artifacts they install in ./artifacts.ts.
 */
export interface ComponentDef {
  kind: ComponentKind;
  title: string;
  description: string;
  /** components that must be healthy first */
  dependsOn: (spec: DatacenterSpec) => ComponentKind[];
  /** container names this component makes in the datacenter's project */
  containers: (spec: DatacenterSpec) => string[];
  defaultSize: Size;
  /** disk the data will grow to, per chain (GiB), beyond the container's base size */
  dataGiB: (spec: DatacenterSpec) => number;
  /** names in ./artifacts.ts */
  artifacts: (spec: DatacenterSpec) => string[];
  /** the gateway alone reaches the outside (NAT); everything else is on the internal bridge only */
  outbound: boolean;
}

/** A built-in's data on this spec's chain: a volume's per-chain size, a Bitcoin block store's pruning and index. */
function volumeData(spec: DatacenterSpec, v: BuiltinContainer['volumes'][number]): number {
  const full = v.byChain?.[spec.chain] ?? v.dataGiB;
  if (!v.blockStore) return full;
  if (spec.bitcoin.pruneMiB > 0) return Math.ceil(spec.bitcoin.pruneMiB / 1024) + 10;
  return full + (spec.bitcoin.txindex ? Math.ceil(full * 0.08) : 0);
}

/** The built-ins whose roles are provided in this spec, by role (who an lnd's `bitcoin-node` is). */
function roleProviders(spec: DatacenterSpec, role: string): BuiltinDriver[] {
  return builtinComponents(spec).filter((k) => builtinManifests[k].spec.provides.some((p) => p.role === role));
}

/** A built-in component's catalog entry, from its manifest (apps/builtin/<kind>.yaml). */
function fromManifest(kind: BuiltinDriver): ComponentDef {
  const m = builtinManifests[kind];
  const first = m.spec.containers[0];
  return {
    kind,
    title: m.metadata.title,
    description: m.metadata.description,
    // the apps it requires, and whichever enabled built-in provides each role it requires
    dependsOn: (spec) => [...new Set([...m.spec.requires.apps, ...m.spec.requires.roles.flatMap((r) => roleProviders(spec, r))])] as ComponentKind[],
    containers: (spec) => m.spec.containers.flatMap((c) => (c.replicas === 'kafka.brokers' ? replicaNames(c.name, spec.kafka.brokers) : [c.name])),
    // a component without a container of its own (the logging pipeline) still has a nominal size
    defaultSize: first?.size ?? { cpus: 1, memoryMiB: 256, diskGiB: 1 },
    dataGiB: (spec) => (first ? first.volumes.reduce((n, v) => n + volumeData(spec, v), first.dataGiB) : 0),
    artifacts: () => m.spec.builtin.artifacts,
    outbound: first?.outbound ?? false,
  };
}

export const catalog: Record<ComponentKind, ComponentDef> = {
  ...(Object.fromEntries(builtinDrivers.map((k) => [k, fromManifest(k)])) as Record<BuiltinDriver, ComponentDef>),
  app: {
    kind: 'app',
    title: 'Apps',
    description: 'Apps deployed from manifests (built-in or third-party), each in containers of its own.',
    // apps come up once every built-in service is healthy (an app may need any of their roles)
    dependsOn: (spec) => builtinComponents(spec).filter((k) => k !== 'logging'),
    containers: (spec) => spec.apps.flatMap((a) => a.containers.map((c) => c.name)),
    defaultSize: { cpus: 1, memoryMiB: 512, diskGiB: 4 },
    dataGiB: () => 1,
    artifacts: () => [],
    outbound: false,
  },
};

/** The built-in components a spec turns on (apps aside), in the wizard's order. */
export function builtinComponents(spec: DatacenterSpec): BuiltinDriver[] {
  const wanted: BuiltinDriver[] = ['gateway', spec.bitcoin.implementation];
  if (spec.lightning.lnd) wanted.push('lnd');
  if (spec.lightning.clightning) wanted.push('clightning');
  if (spec.kafka.enabled) wanted.push('kafka');
  if (spec.logging) wanted.push('logging');
  return wanted;
}

/** The components a spec enables, in dependency order (dependencies first). */
export function enabledComponents(spec: DatacenterSpec): ComponentKind[] {
  const wanted = new Set<ComponentKind>(builtinComponents(spec));
  if (spec.apps.length) wanted.add('app');
  const ordered: ComponentKind[] = [];
  const visit = (kind: ComponentKind, path: ComponentKind[]): void => {
    if (ordered.includes(kind)) return;
    if (path.includes(kind)) throw new Error(`Dependency cycle: ${[...path, kind].join(' -> ')}`);
    for (const dep of catalog[kind].dependsOn(spec)) visit(dep, [...path, kind]);
    ordered.push(kind);
  };
  for (const kind of wanted) visit(kind, []);
  return ordered;
}

function appContainerSize(spec: DatacenterSpec, name: string): ContainerPlan['size'] | undefined {
  return spec.apps.flatMap((a) => a.containers).find((c) => c.name === name)?.size;
}

export interface ContainerPlan {
  name: string;
  component: ComponentKind;
  size: Size;
  outbound: boolean;
  member?: string;
}

/** Every container of the spec with its size (spec override or catalog default) and placement. */
export function containersOf(spec: DatacenterSpec): ContainerPlan[] {
  return enabledComponents(spec).flatMap((kind) =>
    catalog[kind].containers(spec).map((name) => {
      const plan: ContainerPlan = {
        name,
        component: kind,
        size: spec.sizes[name] ?? appContainerSize(spec, name) ?? catalog[kind].defaultSize,
        outbound: catalog[kind].outbound,
      };
      const member = spec.placement[name];
      if (member) plan.member = member;
      return plan;
    }),
  );
}

export interface Estimate {
  cpus: number;
  memoryMiB: number;
  /** container root disks plus the data each component grows to */
  diskGiB: number;
  perComponent: Array<{ kind: ComponentKind; diskGiB: number; memoryMiB: number }>;
}

export function estimate(spec: DatacenterSpec): Estimate {
  const containers = containersOf(spec);
  const perComponent = enabledComponents(spec).map((kind) => {
    const mine = containers.filter((c) => c.component === kind);
    return {
      kind,
      diskGiB: mine.reduce((n, c) => n + c.size.diskGiB, 0) + catalog[kind].dataGiB(spec) * Math.max(1, mine.length),
      memoryMiB: mine.reduce((n, c) => n + c.size.memoryMiB, 0),
    };
  });
  return {
    cpus: containers.reduce((n, c) => n + c.size.cpus, 0),
    memoryMiB: perComponent.reduce((n, c) => n + c.memoryMiB, 0),
    diskGiB: perComponent.reduce((n, c) => n + c.diskGiB, 0),
    perComponent,
  };
}
