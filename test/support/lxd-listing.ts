// What LXD holds, as names, for "take-down leaves LXD as it was" checks in the integration and e2e tiers.
// The tiers run side by side and their suites deploy datacenters of their own, so a check compares
// only what is comparable: nothing of the datacenter taken down is left, and everything that was there
// before and is not another BCM or test object (their names start with "bcm") is still there.
import { execFileSync } from 'node:child_process';

export type LxdListing = Record<'projects' | 'networks' | 'acls' | 'profiles' | 'volumes' | 'instances', string[]>;

export function lxdListing(): LxdListing {
  const q = (path: string): unknown => JSON.parse(execFileSync('lxc', ['query', path], { encoding: 'utf8', timeout: 60_000 }));
  const names = (urls: unknown): string[] => (urls as string[]).map((u) => u.replace(/^.*\//, '')).sort();
  return {
    projects: names(q('/1.0/projects')),
    networks: names(q('/1.0/networks')),
    acls: names(q('/1.0/network-acls')),
    profiles: names(q('/1.0/profiles')),
    // "<name>?project=<project>" for these two
    volumes: names(q('/1.0/storage-pools/default/volumes/custom?all-projects=true')),
    instances: names(q('/1.0/instances?all-projects=true')),
  };
}

export interface Own {
  project: string;
  networks: string[];
  /** the network ACLs it made (its internal bridge's) */
  acls: string[];
}

/** Entries of `after` that belong to the datacenter `own`, and entries of `before` (not BCM's or a test's) now missing. */
export function leftovers(before: LxdListing, after: LxdListing, own: Own): { left: string[]; lost: string[] } {
  const mine = (x: string): boolean => x === own.project || x.endsWith(`?project=${own.project}`) || own.networks.includes(x) || own.acls.includes(x);
  const bcmOrTest = (x: string): boolean => x.startsWith('bcm') || /\?project=bcm/.test(x);
  const left: string[] = [];
  const lost: string[] = [];
  for (const kind of Object.keys(after) as (keyof LxdListing)[]) {
    left.push(...after[kind].filter(mine).map((x) => `${kind}: ${x}`));
    lost.push(...before[kind].filter((x) => !bcmOrTest(x) && !after[kind].includes(x)).map((x) => `${kind}: ${x}`));
  }
  return { left, lost };
}
