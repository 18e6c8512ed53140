import { catalog, containersOf, enabledComponents } from '../../../shared/datacenter/catalog';
import type { Chain, ComponentKind, DatacenterSpec, Size } from '../../../shared/datacenter/spec';

/**
 * Pure edits of the wizard's draft spec. Each keeps the draft consistent where the choice is
 * obvious (btcd cannot run Core Lightning or prune; logging needs Kafka) and leaves the rest to
 * `datacenters.validate`.
 */

export function setBackend(
  spec: DatacenterSpec,
  implementation: DatacenterSpec['bitcoin']['implementation'],
): DatacenterSpec {
  if (implementation === 'btcd') {
    return {
      ...spec,
      bitcoin: { implementation, pruneMiB: 0, txindex: false },
      lightning: { ...spec.lightning, clightning: false },
    };
  }
  return { ...spec, bitcoin: { ...spec.bitcoin, implementation } };
}

export function setKafka(spec: DatacenterSpec, kafka: Partial<DatacenterSpec['kafka']>): DatacenterSpec {
  const next = { ...spec.kafka, ...kafka };
  return { ...spec, kafka: next, logging: next.enabled ? spec.logging : false };
}

/** The size a container gets: the spec's override or the catalog's default. */
export function sizeOf(spec: DatacenterSpec, container: string, component: ComponentKind): Size {
  return spec.sizes[container] ?? catalog[component].defaultSize;
}

/** Changes one container's size; an override equal to the default is dropped. */
export function setSize(
  spec: DatacenterSpec,
  container: string,
  component: ComponentKind,
  change: Partial<Size>,
): DatacenterSpec {
  const size = { ...sizeOf(spec, container, component), ...change };
  const def = catalog[component].defaultSize;
  const sizes = { ...spec.sizes };
  if (size.cpus === def.cpus && size.memoryMiB === def.memoryMiB && size.diskGiB === def.diskGiB)
    delete sizes[container];
  else sizes[container] = size;
  return { ...spec, sizes };
}

export function resetSizes(spec: DatacenterSpec): DatacenterSpec {
  return { ...spec, sizes: {} };
}

/** Drops size overrides and placements of containers the spec no longer makes (e.g. kafka-03 after 3 -> 1 broker). */
export function withoutStale(spec: DatacenterSpec): DatacenterSpec {
  const names = new Set(containersOf(spec).map((c) => c.name));
  const keep = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).filter(([name]) => names.has(name)));
  return { ...spec, sizes: keep(spec.sizes), placement: keep(spec.placement) };
}

/** The artifacts the spec's components install (names in the catalog's artifact list). */
export function artifactsUsed(spec: DatacenterSpec): string[] {
  return [...new Set(enabledComponents(spec).flatMap((kind) => catalog[kind].artifacts(spec)))];
}

/** A free name for a new datacenter: "regtest", "regtest-2", … */
export function suggestName(chain: Chain, taken: readonly string[]): string {
  if (!taken.includes(chain)) return chain;
  for (let i = 2; ; i += 1) {
    const name = `${chain}-${i}`;
    if (!taken.includes(name)) return name;
  }
}

export interface SpecIssue {
  path: string;
  message: string;
}

/**
 * Issues from `datacenters.validate` by field path ("bitcoin.pruneMiB", "sizes.lnd.cpus"); the first
 * message per field wins. Paths may come dotted or slash-separated.
 */
export function issuesByField(issues: readonly SpecIssue[]): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.replace(/\//g, '.').replace(/^\./, '');
    if (!(path in byField)) byField[path] = issue.message;
  }
  return byField;
}

/** Issues that no field of the form shows (they go into one alert). */
export function unplacedIssues(byField: Record<string, string>, shown: readonly string[]): SpecIssue[] {
  return Object.entries(byField)
    .filter(([path]) => !shown.some((prefix) => path === prefix || path.startsWith(`${prefix}.`)))
    .map(([path, message]) => ({ path, message }));
}

/** The components the list shows as badges, with the count of Kafka brokers. */
export function componentBadges(spec: DatacenterSpec): Array<{ kind: ComponentKind; label: string }> {
  return enabledComponents(spec).map((kind) => ({
    kind,
    label: kind === 'kafka' ? `Kafka ×${spec.kafka.brokers}` : catalog[kind].title,
  }));
}
