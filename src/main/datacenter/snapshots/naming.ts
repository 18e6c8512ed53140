import type { ComponentKind } from '../../../shared/datacenter/spec';
import type { SnapshotInfo } from '../../../shared/channels/snapshots';

/**
 * Pure naming and grouping of BCM's snapshots.
 *
 * A snapshot set is one LXD snapshot name on every container of the components it covers and on
 * their data volumes: `bcm-<yyyymmddThhmmss>-<reason slug>` (UTC). The name carries the time
 * (LXD 5.0 keeps none for volume snapshots on every driver) and a readable hint; the full reason is
 * kept with the snapshot itself: written to the instance's config key `user.bcm.snapshot.reason`
 * just before it is taken, so the snapshot's copy of the config carries it (an instance snapshot
 * has no writable description in LXD 5.0), and as the volume snapshot's description. Nothing is
 * kept beside LXD, so what is listed is what exists, on any computer that manages the endpoint.
 */
export const SNAPSHOT_PREFIX = 'bcm-';
export const REASON_KEY = 'user.bcm.snapshot.reason';
/** the prefix of the reasons BCM writes for the snapshots an apply takes */
export const AUTOMATIC_REASON = 'Before apply';

const NAME_RE = /^bcm-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})-([a-z0-9-]{1,40})$/;
const SLUG_MAX = 40;

export function slugOf(reason: string): string {
  const slug = reason
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // accents apart from their letters, then dropped
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/, '');
  return slug || 'snapshot';
}

export function snapshotName(at: Date, reason: string): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').slice(0, 15); // 20261205T165000
  return `${SNAPSHOT_PREFIX}${stamp}-${slugOf(reason)}`;
}

/** The time and slug of a BCM snapshot name; null for a name BCM did not make. */
export function parseSnapshotName(name: string): { createdAt: string; slug: string } | null {
  const m = NAME_RE.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, slug] = m;
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  if (Number.isNaN(at.getTime())) return null;
  return { createdAt: at.toISOString(), slug: slug ?? '' };
}

/** One container's or volume's BCM snapshots, as read from LXD. */
export interface SnapshotPiece {
  snapshot: string;
  component: ComponentKind;
  container?: string;
  volume?: string;
  reason?: string;
  /** -1 or absent: the driver cannot tell */
  size?: number;
}

/** Groups pieces into sets by name, newest first; names BCM did not make are left out. */
export function groupSnapshots(pieces: SnapshotPiece[], componentOrder: readonly ComponentKind[]): SnapshotInfo[] {
  const sets = new Map<string, SnapshotPiece[]>();
  for (const p of pieces) {
    if (!parseSnapshotName(p.snapshot)) continue;
    sets.set(p.snapshot, [...(sets.get(p.snapshot) ?? []), p]);
  }
  const order = (c: ComponentKind): number => {
    const i = componentOrder.indexOf(c);
    return i < 0 ? componentOrder.length : i;
  };
  const out: SnapshotInfo[] = [];
  for (const [name, list] of sets) {
    const parsed = parseSnapshotName(name);
    if (!parsed) continue;
    const reasons = [...new Set(list.map((p) => p.reason).filter((r): r is string => !!r))];
    const sizes = list.filter((p) => p.container !== undefined).map((p) => p.size ?? -1);
    const known = sizes.length > 0 && sizes.every((s) => s >= 0) && !list.some((p) => p.volume !== undefined && (p.size ?? -1) < 0);
    const reason = reasons.join('; ') || parsed.slug.replace(/-/g, ' ');
    out.push({
      name,
      createdAt: parsed.createdAt,
      reason,
      automatic: reason.startsWith(AUTOMATIC_REASON),
      components: [...new Set(list.map((p) => p.component))].sort((a, b) => order(a) - order(b)),
      containers: list.flatMap((p) => (p.container !== undefined ? [p.container] : [])).sort(),
      volumes: list.flatMap((p) => (p.volume !== undefined ? [p.volume] : [])).sort(),
      sizeBytes: known ? list.reduce((n, p) => n + (p.size ?? 0), 0) : null,
    });
  }
  return out.sort((a, b) => (a.createdAt === b.createdAt ? b.name.localeCompare(a.name) : b.createdAt.localeCompare(a.createdAt)));
}

/** The sets to delete so that only the newest `keep` remain (never `protect`, the one just taken). */
export function toPrune(sets: Pick<SnapshotInfo, 'name' | 'createdAt'>[], keep: number, protect?: string): string[] {
  const newestFirst = [...sets].sort((a, b) => (a.createdAt === b.createdAt ? b.name.localeCompare(a.name) : b.createdAt.localeCompare(a.createdAt)));
  const kept = new Set(newestFirst.slice(0, Math.max(1, keep)).map((s) => s.name));
  if (protect) kept.add(protect);
  return newestFirst.filter((s) => !kept.has(s.name)).map((s) => s.name);
}

/** Why a size is unknown, in the words the card shows. */
export function sizeNote(driver: string, sets: SnapshotInfo[]): string | undefined {
  if (!sets.some((s) => s.sizeBytes === null)) return undefined;
  return driver === 'dir' ? 'size unknown on a dir pool (LXD cannot measure snapshots there)' : `size unknown: the ${driver} pool does not report snapshot sizes`;
}
