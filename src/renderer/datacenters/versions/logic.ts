import { isDesired, type AvailableVersion, type ComponentVersions } from '../../../shared/datacenter/versions';

/** "0.18.5-beta-localbuild" → [0, 18, 5]; no leading number → null. */
function numbers(version: string): number[] | null {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version);
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : null;
}

/** Orders versions by their leading numbers (major.minor.patch); <0 when a is older. Unnumbered ones sort first. */
export function compareVersions(a: string, b: string): number {
  const x = numbers(a);
  const y = numbers(b);
  if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** The installed version when every container has the same one; null when unknown or mixed. */
export function installedVersion(row: ComponentVersions): string | null {
  const found = new Set(row.installed.map((i) => i.version));
  return found.size === 1 ? [...found][0] ?? null : null;
}

/** The desired version as listed among the available ones (undefined if it is not listed). */
export function desiredEntry(row: ComponentVersions): AvailableVersion | undefined {
  return row.available.find((v) => isDesired(row, v));
}

/**
 * The version "Upgrade" goes to: the newest available version newer than what is installed (or
 * than what is wanted, when nothing is installed yet), preferring the kind (release or local
 * build) the datacenter uses now; a build the preseed folder marks broken is never suggested.
 */
export function upgradeTarget(row: ComponentVersions): AvailableVersion | undefined {
  const current = installedVersion(row) ?? row.desired.version;
  const newer = row.available.filter((v) => v.sha256 !== null && !/broken/i.test(v.note) && compareVersions(v.version, current) > 0);
  const best = (list: AvailableVersion[]): AvailableVersion | undefined =>
    list.reduce<AvailableVersion | undefined>((top, v) => (!top || compareVersions(v.version, top.version) > 0 ? v : top), undefined);
  const target = best(newer.filter((v) => v.source === row.desired.source)) ?? best(newer);
  return target && !isDesired(row, target) ? target : undefined;
}

/** Whether an apply would change the installed version (the spec wants another one). */
export function pendingChange(row: ComponentVersions): boolean {
  const installed = installedVersion(row);
  return installed !== null && installed !== row.desired.version;
}

/** "0.18.5-beta (release)" / "0.18.5-beta-localbuild (local build)". */
export function versionLabel(v: Pick<AvailableVersion, 'version' | 'source'>): string {
  return `${v.version} (${v.source === 'release' ? 'release' : 'local build'})`;
}
