import { createHash } from 'node:crypto';
import { containersOf } from '../../shared/datacenter/catalog';
import { projectName, type ComponentKind, type DatacenterSpec } from '../../shared/datacenter/spec';

/** Keys BCM sets on everything it creates. */
export const MARK = {
  datacenter: 'user.bcm.datacenter',
  component: 'user.bcm.component',
  role: 'user.bcm.role',
  /** prefix of the per-step record on an instance: user.bcm.step.<key> = hash of what was applied */
  step: 'user.bcm.step.',
  /** prefix of the installed version of an artifact: user.bcm.version.<artifact> = "0.18.5-beta" (issue 12) */
  version: 'user.bcm.version.',
} as const;

export const STORAGE_POOL = 'default';
export const BASE_PROFILE = 'bcm-base';

function digest(name: string): Buffer {
  return createHash('sha256').update(`bcm-datacenter:${name}`).digest();
}

export interface DatacenterNames {
  project: string;
  /** bridges live in LXD's default project (LXD 5.0 allows only OVN networks inside projects) */
  internalNetwork: string;
  natNetwork: string;
  /** the network ACL that keeps the internal bridge's traffic inside the datacenter */
  internalAcl: string;
  /** "10.a.b.1/24" */
  internalCidr: string;
  natCidr: string;
}

/** Deterministic names and subnets for a datacenter. Bridge names fit Linux's 15 characters. */
export function namesFor(datacenter: string): DatacenterNames {
  const d = digest(datacenter);
  const tag = d.subarray(0, 4).toString('hex');
  const a = 64 + ((d[4] ?? 0) % 64);
  const b = (d[5] ?? 0) & 0xfe;
  return {
    project: projectName(datacenter),
    internalNetwork: `bcm${tag}i`,
    natNetwork: `bcm${tag}n`,
    internalAcl: `bcm${tag}-internal`,
    internalCidr: `10.${a}.${b}.1/24`,
    natCidr: `10.${a}.${b + 1}.1/24`,
  };
}

/**
 * Fixed internal addresses, one per container whatever else is enabled (issue 12: turning Lightning
 * off used to shift Kafka's address): the gateway .2, the node .10 (Bitcoin Core or btcd, never
 * both: the old one is removed before the new one is created), lnd .11, Core Lightning .12, Kafka
 * brokers .13 up. The first layouts gave the same addresses wherever Kafka was off.
 */
const HOST_OF: Record<Exclude<ComponentKind, 'app'>, number> = { gateway: 2, bitcoind: 10, btcd: 10, lnd: 11, clightning: 12, kafka: 13, logging: 0 };

/** Apps' containers (issue 14) take .40–.239, by a hash of their name: adding an app moves no other. */
const APP_HOSTS = { first: 40, count: 200 } as const;

function appHost(name: string, taken: Set<number>): number {
  let h = APP_HOSTS.first + (createHash('sha256').update(name).digest().readUInt32BE(0) % APP_HOSTS.count);
  while (taken.has(h)) h = APP_HOSTS.first + ((h - APP_HOSTS.first + 1) % APP_HOSTS.count);
  taken.add(h);
  return h;
}

/** Every container name any datacenter can have, with its fixed host number on the internal /24. */
export const FIXED_HOSTS: Readonly<Record<string, number>> = {
  gateway: HOST_OF.gateway,
  bitcoind: HOST_OF.bitcoind,
  btcd: HOST_OF.btcd,
  lnd: HOST_OF.lnd,
  clightning: HOST_OF.clightning,
  'kafka-01': HOST_OF.kafka,
  'kafka-02': HOST_OF.kafka + 1,
  'kafka-03': HOST_OF.kafka + 2,
};

export function addressesFor(spec: DatacenterSpec): Record<string, string> {
  const prefix = namesFor(spec.name).internalCidr.split('.').slice(0, 3).join('.');
  const out: Record<string, string> = {};
  const seen: Partial<Record<ComponentKind, number>> = {};
  const taken = new Set<number>();
  const apps: string[] = [];
  for (const c of containersOf(spec)) {
    if (c.component === 'app') {
      apps.push(c.name);
      continue;
    }
    const index = (seen[c.component] = (seen[c.component] ?? -1) + 1);
    out[c.name] = `${prefix}.${HOST_OF[c.component] + index}`;
  }
  for (const name of apps.sort()) out[name] = `${prefix}.${appHost(name, taken)}`;
  return out;
}

/** A short stable hash of anything JSON can carry, for "what was applied" records. */
export function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

export function volumeName(container: string, volume: string): string {
  return `${container}-${volume}`;
}

/** the LXD trust token (and, once used, certificate) name of a datacenter's remote-access client */
export function pairingTokenName(datacenter: string, client: string): string {
  return `bcm-pair-${datacenter}-${client}`;
}
