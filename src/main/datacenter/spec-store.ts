import { enabledComponents } from '../../shared/datacenter/catalog';
import { datacenterSpecSchema, type DatacenterSpec } from '../../shared/datacenter/spec';
import type { StoreWriter } from '../store/bcm-store';
import { JsonCollection } from '../store/json-collection';
import type { BcmLayout } from '../store/paths';

/** "regtest on local: gateway, btcd, lnd" */
export function describeDatacenter(spec: DatacenterSpec): string {
  // apps by their ids (issue 14), not as the one component "app"
  const parts = enabledComponents(spec).flatMap((k) => (k === 'app' ? spec.apps.map((a) => a.id) : [k]));
  return `${spec.chain} on ${spec.endpoint}: ${parts.join(', ')}`;
}

/** ~/.bcm/datacenters/<name>.json: the desired spec of each datacenter (each change a commit). */
export class DatacenterStore extends JsonCollection<DatacenterSpec> {
  constructor(dirs: BcmLayout, writer?: StoreWriter) {
    super({
      dir: dirs.datacenters,
      schema: datacenterSpecSchema,
      version: 1,
      noun: 'datacenter',
      describe: describeDatacenter,
      name: (s) => s.name,
      ...(writer ? { writer } : {}),
    });
  }
}
