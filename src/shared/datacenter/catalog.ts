import type { Chain, ComponentKind, DatacenterSpec, Size } from './spec';

/**
 * The service catalog: what each component is, which containers it makes, what it depends on and
 * how much it needs. Pure data and small functions, shared by the wizard (descriptions, sizes,
 * disk estimates) and by main (plan). How each service is configured lives in
 * src/main/datacenter/components/, and the artifacts they install in ./artifacts.ts.
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

/** Rough chain sizes late 2026 (GiB): full block data, and a pruned node's floor. */
const CHAIN_DATA_GIB: Record<Chain, number> = { mainnet: 720, testnet: 200, signet: 25, regtest: 1 };

function bitcoinData(spec: DatacenterSpec): number {
  const full = CHAIN_DATA_GIB[spec.chain];
  const indexed = spec.bitcoin.txindex ? Math.ceil(full * 0.08) : 0;
  if (spec.bitcoin.pruneMiB > 0) return Math.ceil(spec.bitcoin.pruneMiB / 1024) + 10;
  return full + indexed;
}

const lightningData = (spec: DatacenterSpec): number => (spec.chain === 'regtest' ? 1 : 10);

export const catalog: Record<ComponentKind, ComponentDef> = {
  gateway: {
    kind: 'gateway',
    title: 'Gateway',
    description: 'Outbound HTTP/HTTPS proxy and artifact cache for the other containers, and Tor (SOCKS for the services, onion services for remote access). The only container with a route out.',
    dependsOn: () => [],
    containers: () => ['gateway'],
    defaultSize: { cpus: 1, memoryMiB: 512, diskGiB: 4 },
    dataGiB: () => 1,
    artifacts: () => [],
    outbound: true,
  },
  bitcoind: {
    kind: 'bitcoind',
    title: 'Bitcoin Core',
    description: 'The reference full node: validates every block and transaction and serves the Lightning nodes.',
    dependsOn: () => ['gateway'],
    containers: () => ['bitcoind'],
    defaultSize: { cpus: 2, memoryMiB: 2048, diskGiB: 8 },
    dataGiB: bitcoinData,
    artifacts: () => ['bitcoin-core'],
    outbound: false,
  },
  btcd: {
    kind: 'btcd',
    title: 'btcd',
    description: 'An alternative full node written in Go. Works with lnd; not with Core Lightning.',
    dependsOn: () => ['gateway'],
    containers: () => ['btcd'],
    defaultSize: { cpus: 2, memoryMiB: 2048, diskGiB: 8 },
    dataGiB: bitcoinData,
    artifacts: () => ['btcd'],
    outbound: false,
  },
  lnd: {
    kind: 'lnd',
    title: 'LND',
    description: 'Lightning Network Daemon: payment channels on top of your node, with a REST API for wallets.',
    dependsOn: (spec) => [spec.bitcoin.implementation],
    containers: () => ['lnd'],
    defaultSize: { cpus: 1, memoryMiB: 1024, diskGiB: 4 },
    dataGiB: lightningData,
    artifacts: () => ['lnd'],
    outbound: false,
  },
  clightning: {
    kind: 'clightning',
    title: 'Core Lightning',
    description: 'Blockstream’s Lightning implementation (needs Bitcoin Core).',
    dependsOn: () => ['bitcoind'],
    containers: () => ['clightning'],
    defaultSize: { cpus: 1, memoryMiB: 1024, diskGiB: 4 },
    dataGiB: lightningData,
    artifacts: () => ['core-lightning'],
    outbound: false,
  },
  kafka: {
    kind: 'kafka',
    title: 'Kafka',
    description: 'Apache Kafka in KRaft mode: the messaging backbone for logs and events (1 broker, or a 3-broker quorum).',
    dependsOn: () => ['gateway'],
    containers: (spec) => Array.from({ length: spec.kafka.brokers }, (_, i) => `kafka-${String(i + 1).padStart(2, '0')}`),
    defaultSize: { cpus: 1, memoryMiB: 1536, diskGiB: 6 },
    dataGiB: () => 5,
    artifacts: () => ['kafka'],
    outbound: false,
  },
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
  logging: {
    kind: 'logging',
    title: 'Logging pipeline',
    description: 'Ships every container’s journal into a Kafka topic, for reporting and alerts.',
    dependsOn: () => ['kafka'],
    containers: () => [],
    defaultSize: { cpus: 1, memoryMiB: 256, diskGiB: 1 },
    dataGiB: () => 0,
    artifacts: () => [],
    outbound: false,
  },
};

function builtinComponents(spec: DatacenterSpec): ComponentKind[] {
  const wanted: ComponentKind[] = ['gateway', spec.bitcoin.implementation];
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
