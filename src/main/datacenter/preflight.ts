import { containersOf } from '../../shared/datacenter/catalog';
import type { Plan, PreflightCheck } from '../../shared/datacenter/plan';
import type { DatacenterSpec } from '../../shared/datacenter/spec';
import type { ArtifactLocation } from '../artifacts/locate';
import type { LxdClient } from '../lxd';
import type { ContainerRecipe } from './recipe';

/**
 * Pre-flight (issue 12): before an apply creates anything, check what its actions will need —
 * the base images, every artifact to install, memory for the new containers — so a foreseeable
 * failure is said in the Review with what to do, not after projects and containers exist. The
 * planner's own blockers (LXD extensions, name and subnet clashes, disk) stay in plan.ts.
 */
export interface PreflightDeps {
  client: LxdClient;
  spec: DatacenterSpec;
  recipes: Record<string, ContainerRecipe>;
  artifactHashes: Record<string, string>;
  /** where the apply would get an artifact (the artifact provider's locate) */
  locate?: (name: string, sha256: string, source?: { url?: string; hashSource: string }) => Promise<ArtifactLocation>;
  /** undefined when a URL answers from this computer, else why not */
  probe: (url: string) => Promise<string | undefined>;
}

const GiB = 1024;

async function imageCheck(deps: PreflightDeps, image: DatacenterSpec['image']): Promise<PreflightCheck> {
  const id = `image:${image.server ?? 'local'}/${image.alias}`;
  const title = `Base image ${image.alias}`;
  const scope = { project: 'default' };
  if (!image.server) {
    const found = await deps.client.images.getAlias(image.alias, scope).then(() => true, () => false);
    return found
      ? { id, title, state: 'ok', detail: 'On the LXD server.' }
      : { id, title, state: 'fail', detail: `The image “${image.alias}” is not on the LXD server of “${deps.spec.endpoint}”. Import it there (lxc image import … --alias ${image.alias}), or choose an image server under Advanced → base image.` };
  }
  const cached = (await deps.client.images.list(scope).catch(() => [])).some((i) => i.update_source?.server === image.server && i.update_source?.alias === image.alias);
  if (cached) return { id, title, state: 'ok', detail: `Cached on the LXD server (from ${image.server}).` };
  const why = await deps.probe(`${image.server.replace(/\/$/, '')}/streams/v1/index.json`);
  return why === undefined
    ? { id, title, state: 'ok', detail: `${image.server} answers from this computer; LXD downloads the image from there.` }
    : {
        id,
        title,
        state: 'fail',
        detail: `The image server ${image.server} does not answer from this computer (${why}) and the LXD server has no copy of ${image.alias}. Check the connection, or put an image on the LXD server (lxc image copy / import) and choose it under Advanced → base image.`,
      };
}

async function artifactCheck(deps: PreflightDeps, locate: NonNullable<PreflightDeps['locate']>, instance: string, artifact: string): Promise<PreflightCheck | undefined> {
  const sha = deps.artifactHashes[artifact];
  if (!sha) return undefined; // unpinned: the planner already refuses it
  const source = deps.recipes[instance]?.artifacts.find((a) => a.artifact === artifact)?.source; // an app's (issue 14)
  const where = await locate(artifact, sha, source);
  const id = `artifact:${artifact}`;
  const title = `${artifact} for ${instance}`;
  if (where.problem !== undefined) return { id, title, state: 'fail', detail: where.problem };
  const from = where.source === 'cache' ? 'in BCM’s cache' : where.source === 'preseed' ? `in the preseed folder (${where.where})` : `downloadable from ${where.where}`;
  return { id, title, state: 'ok', detail: `Found ${from}; verified by SHA-256 when installed.` };
}

async function memoryCheck(deps: PreflightDeps, newContainers: string[]): Promise<PreflightCheck | undefined> {
  if (newContainers.length === 0) return undefined;
  const res = await deps.client.server.resources().catch(() => undefined);
  if (!res) return undefined; // not a trusted client of this server's resources: nothing to say
  const needMiB = containersOf(deps.spec).filter((c) => newContainers.includes(c.name)).reduce((n, c) => n + c.size.memoryMiB, 0);
  const freeMiB = Math.floor((res.memory.total - res.memory.used) / 1024 ** 2);
  const fmt = (mib: number) => (mib >= GiB ? `${(mib / GiB).toFixed(1)} GiB` : `${mib} MiB`);
  const title = 'Memory for the new containers';
  return needMiB <= freeMiB
    ? { id: 'memory', title, state: 'ok', detail: `Up to ${fmt(needMiB)} needed, ${fmt(freeMiB)} free on the LXD server.` }
    : {
        id: 'memory',
        title,
        state: 'warn',
        detail: `The new containers may use up to ${fmt(needMiB)}; the LXD server has ${fmt(freeMiB)} free. They start anyway (the sizes are ceilings, not reservations) but may be slow or killed when memory runs out: stop something else or choose smaller sizes.`,
      };
}

export async function preflight(deps: PreflightDeps, plan: Plan): Promise<PreflightCheck[]> {
  const created = plan.actions.filter((a) => a.kind === 'create-instance').map((a) => a.target);
  const images = new Map<string, DatacenterSpec['image']>();
  for (const name of created) {
    const image = deps.recipes[name]?.image ?? deps.spec.image;
    images.set(`${image.server ?? ''}|${image.alias}`, image);
  }
  const checks: Array<Promise<PreflightCheck | undefined>> = [...images.values()].map((image) => imageCheck(deps, image));
  const locate = deps.locate;
  if (locate) {
    const seen = new Set<string>();
    for (const a of plan.actions.filter((x) => x.kind === 'install-artifact')) {
      const [instance, artifact] = a.target.split('/') as [string, string];
      if (seen.has(artifact)) continue;
      seen.add(artifact);
      checks.push(artifactCheck(deps, locate, instance, artifact));
    }
  }
  checks.push(memoryCheck(deps, created));
  return (await Promise.all(checks)).filter((c): c is PreflightCheck => c !== undefined);
}
