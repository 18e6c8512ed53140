import { catalog, containersOf } from '../../shared/datacenter/catalog';
import type { DatacenterSpec } from '../../shared/datacenter/spec';
import { availableVersions, chosenArtifact, type ComponentVersions, type LocalBuild, type VersionsApp } from '../../shared/datacenter/versions';
import { MARK, hashOf } from './naming';
import type { Observed } from './observe';
import type { ContainerRecipe } from './recipe';

/** An app of the datacenter (issue 14) as the versions report names it: its id, title, publisher and its containers. */
export interface VersionsAppInfo extends VersionsApp {
  containers: Array<{ name: string }>;
}

/**
 * Per component and artifact: the version each container has installed, the one the spec wants,
 * and the ones it can switch to. Pure: from the spec, its recipes and what was observed in LXD.
 * A built-in component's versions are BCM's catalog pins; an app's (issue 14) are its manifest's,
 * carried by its recipe (`releases`), and pinned in the spec the same way (`versions`, `artifacts`).
 *
 * The installed version is the install step's record (`user.bcm.version.<artifact>`); a container
 * installed before BCM kept that record is matched by its step record, the hash of the file's pin.
 */
export function componentVersions(
  spec: DatacenterSpec,
  recipes: Record<string, ContainerRecipe>,
  instances: Observed['instances'],
  localBuilds: Record<string, LocalBuild[]> = {},
  apps: readonly VersionsAppInfo[] = [],
): ComponentVersions[] {
  const out: ComponentVersions[] = [];
  for (const container of containersOf(spec)) {
    const app = container.component === 'app' ? apps.find((a) => a.containers.some((c) => c.name === container.name)) : undefined;
    for (const a of recipes[container.name]?.artifacts ?? []) {
      if (container.component === 'app' && !a.releases) continue; // an app's recipe always carries its releases
      const chosen = chosenArtifact(spec, a.artifact, a.releases);
      if (!chosen) continue;
      let row = out.find((r) => r.kind === container.component && r.artifact === a.artifact);
      if (!row) {
        row = {
          kind: container.component,
          title: app?.title ?? catalog[container.component].title,
          ...(app ? { app: { id: app.id, title: app.title, source: app.source, ...(app.publisher ? { publisher: app.publisher } : {}) } } : {}),
          artifact: a.artifact,
          installed: [],
          desired: { version: chosen.version, source: chosen.source, sha256: chosen.sha256, pinned: chosen.source === 'local' || spec.versions[a.artifact] !== undefined },
          available: availableVersions(spec, a.artifact, localBuilds[a.artifact], a.releases),
        };
        out.push(row);
      }
      const config = instances.find((i) => i.name === container.name)?.config ?? {};
      const recorded = config[`${MARK.version}${a.artifact}`];
      const step = config[`${MARK.step}artifact.${a.artifact}`];
      const byHash = step ? row.available.find((v) => hashOf({ sha: v.sha256, installs: a.installs }) === step)?.version : undefined;
      row.installed.push({ container: container.name, version: recorded ?? byHash ?? null });
    }
  }
  return out;
}
