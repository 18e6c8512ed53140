import { z } from 'zod';
import type { ComponentKind, Size } from './spec';

/**
 * Where each container of a datacenter runs when its endpoint is an LXD cluster (issue 14). Pure:
 * members and what they have free in, one member per container out, with the reasons a person reads
 * in the plan. LXD does the running; this only chooses the `target`.
 *
 * - A container the owner placed goes to that member (moved there if it runs elsewhere).
 * - A container that exists stays where it is (chain data stays with its container).
 * - A new container (largest first) goes, among the members that take new instances (Online) and
 *   have room for it (memory and disk left after what this plan already put there), to the one
 *   with the fewest instances, as LXD's own scheduler does; among those, the one with the most
 *   memory left, where members within a quarter of it count as equal and the name decides (free
 *   memory moves all the time: the plan reviewed and the plan applied must agree). So a datacenter
 *   spreads over the members, and a full member is passed over. When no member has room, the one
 *   with the most memory left takes it, with a warning.
 */

export const placementHows = ['chosen', 'automatic', 'current'] as const;

export const placementSchema = z.object({
  container: z.string(),
  member: z.string(),
  /** chosen by the owner, chosen by BCM from free resources, or where it already runs */
  how: z.enum(placementHows),
  /** the member it runs on today, when the plan moves it */
  from: z.string().optional(),
});
export type Placement = z.infer<typeof placementSchema>;

export interface PlacementMember {
  name: string;
  /** LXD's status: only "Online" members take new or moved containers */
  status: string;
  /** bytes; absent when unknown (then counted as none free) */
  memoryFree?: number;
  diskFree?: number;
  /** instances it holds, every project; absent: counted from `current` */
  instances?: number;
}

export interface PlacementContainer {
  name: string;
  component: ComponentKind;
  size: Size;
}

export interface PlacementInput {
  containers: readonly PlacementContainer[];
  members: readonly PlacementMember[];
  /** the owner's choices (spec.placement), by container name */
  chosen: Readonly<Record<string, string>>;
  /** where existing containers run, by container name (LXD's `location`) */
  current: Readonly<Record<string, string>>;
}

export interface PlacementResult {
  placements: Placement[];
  /** the plan cannot run: a chosen member unknown or not taking instances, no member at all */
  blockers: string[];
  /** said, and the plan still runs: a member short of memory or disk for what it gets */
  warnings: string[];
}

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

export const TAKES_INSTANCES = 'Online';

function describe(m: PlacementMember | undefined): string {
  return m ? `${m.status.toLowerCase()}` : 'not a member of the cluster';
}

/** Memory left that differs by less than this share of the larger counts as the same. */
const SAME_MEMORY = 0.25;

function pick(members: PlacementMember[], count: (m: PlacementMember) => number, left: (m: PlacementMember) => number): PlacementMember {
  const fewest = Math.min(...members.map(count));
  const least = members.filter((m) => count(m) === fewest);
  const most = Math.max(...least.map(left));
  return least.filter((m) => left(m) >= most * (1 - SAME_MEMORY)).sort((a, b) => a.name.localeCompare(b.name))[0]!;
}

export function placeContainers(input: PlacementInput): PlacementResult {
  const byName = new Map(input.members.map((m) => [m.name, m]));
  const usable = input.members.filter((m) => m.status === TAKES_INSTANCES);
  const blockers: string[] = [];
  const warnings: string[] = [];
  // what this plan adds per member (new or moved containers), for the automatic choice and the checks
  const added = new Map<string, { memory: number; disk: number; count: number }>(input.members.map((m) => [m.name, { memory: 0, disk: 0, count: 0 }]));
  const hosted = new Map<string, number>(input.members.map((m) => [m.name, Object.values(input.current).filter((c) => c === m.name).length]));
  const take = (member: string, c: PlacementContainer): void => {
    const a = added.get(member);
    if (!a) return;
    a.memory += c.size.memoryMiB * MiB;
    a.disk += c.size.diskGiB * GiB;
    a.count += 1;
  };
  const placed = new Map<string, Placement>();

  for (const c of input.containers) {
    const chosen = input.chosen[c.name];
    const current = input.current[c.name];
    if (chosen) {
      const m = byName.get(chosen);
      if (current === chosen) {
        placed.set(c.name, { container: c.name, member: chosen, how: 'chosen' });
        continue;
      }
      if (!m || m.status !== TAKES_INSTANCES) {
        blockers.push(`${c.name} is placed on "${chosen}", which is ${describe(m)}: choose another member or Automatic.`);
        continue;
      }
      placed.set(c.name, current ? { container: c.name, member: chosen, how: 'chosen', from: current } : { container: c.name, member: chosen, how: 'chosen' });
      take(chosen, c);
    } else if (current) {
      placed.set(c.name, { container: c.name, member: current, how: 'current' });
    }
  }

  const automatic = input.containers
    .filter((c) => !placed.has(c.name) && !input.chosen[c.name])
    .sort((a, b) => b.size.memoryMiB - a.size.memoryMiB || b.size.diskGiB - a.size.diskGiB || a.name.localeCompare(b.name));
  if (automatic.length && !usable.length) {
    blockers.push(`No member of the cluster takes new containers (${input.members.map((m) => `${m.name}: ${m.status.toLowerCase()}`).join(', ') || 'none listed'}). Restore a member, then plan again.`);
  }
  const left = (m: PlacementMember): number => (m.memoryFree ?? 0) - (added.get(m.name)?.memory ?? 0);
  const diskLeft = (m: PlacementMember): number => (m.diskFree ?? 0) - (added.get(m.name)?.disk ?? 0);
  const count = (m: PlacementMember): number => (m.instances ?? hosted.get(m.name) ?? 0) + (added.get(m.name)?.count ?? 0);
  for (const c of usable.length ? automatic : []) {
    const roomy = usable.filter((m) => left(m) >= c.size.memoryMiB * MiB && diskLeft(m) >= c.size.diskGiB * GiB);
    const best = roomy.length ? pick(roomy, count, left) : [...usable].sort((a, b) => left(b) - left(a) || a.name.localeCompare(b.name))[0]!;
    placed.set(c.name, { container: c.name, member: best.name, how: 'automatic' });
    take(best.name, c);
  }

  for (const m of input.members) {
    const a = added.get(m.name);
    if (!a || a.count === 0) continue;
    if (m.memoryFree !== undefined && a.memory > m.memoryFree) {
      warnings.push(`Member ${m.name} gets ${Math.ceil(a.memory / MiB)} MiB of containers' memory and has ${Math.floor(m.memoryFree / MiB)} MiB free.`);
    }
    if (m.diskFree !== undefined && a.disk > m.diskFree) {
      blockers.push(`Member ${m.name} gets ${Math.ceil(a.disk / GiB)} GiB of containers' disk and has ${Math.floor(m.diskFree / GiB)} GiB free: place some on another member.`);
    }
  }
  const placements = input.containers.map((c) => placed.get(c.name)).filter((p): p is Placement => p !== undefined);
  return { placements, blockers, warnings };
}

/** "on m2", "on m2 (chosen)", "m1 → m2": how the plan and the status say where a container runs. */
export function placementText(p: Placement): string {
  if (p.from) return `moves from ${p.from} to ${p.member}`;
  return `on ${p.member}${p.how === 'chosen' ? ' (chosen)' : p.how === 'automatic' ? ' (automatic)' : ''}`;
}
