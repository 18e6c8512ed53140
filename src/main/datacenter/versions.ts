import { catalog, containersOf } from '../../shared/datacenter/catalog';
import type { DatacenterSpec } from '../../shared/datacenter/spec';
import { availableVersions, chosenArtifact, type ComponentVersions, type LocalBuild } from '../../shared/datacenter/versions';
import { MARK, hashOf } from './naming';
import type { Observed } from './observe';
import type { ContainerRecipe } from './recipe';

/**
 * Per component and artifact: the version each container has installed, the one the spec wants,
 * and the ones it can switch to. Pure: from the spec, its recipes and what was observed in LXD.
 *
 * The installed version is the install step's record (`user.bcm.version.<artifact>`); a container
 * installed before BCM kept that record is matched by its step record, the hash of the file's pin.
 */
export function componentVersions(
  spec: DatacenterSpec,
  recipes: Record<string, ContainerRecipe>,
  instances: Observed['instances'],
  localBuilds: Record<string, LocalBuild[]> = {},
): ComponentVersions[] {
  const out: ComponentVersions[] = [];
  for (const container of containersOf(spec)) {
    for (const a of recipes[container.name]?.artifacts ?? []) {
      if (a.source) continue; // an app's artifact (issue 14): its manifest pins its versions, not the catalog
      const chosen = chosenArtifact(spec, a.artifact);
      if (!chosen) continue;
      let row = out.find((r) => r.kind === container.component && r.artifact === a.artifact);
      if (!row) {
        row = {
          kind: container.component,
          title: catalog[container.component].title,
          artifact: a.artifact,
          installed: [],
          desired: { version: chosen.version, source: chosen.source, sha256: chosen.sha256, pinned: chosen.source === 'local' || spec.versions[a.artifact] !== undefined },
          available: availableVersions(spec, a.artifact, localBuilds[a.artifact]),
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
