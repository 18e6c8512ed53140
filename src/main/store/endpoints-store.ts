import { endpointSchema, type Endpoint } from '../../shared/endpoints';
import type { StoreWriter } from './bcm-store';
import { JsonCollection } from './json-collection';
import type { BcmLayout } from './paths';

/** "https 192.0.2.10:8443", "unix /var/lib/lxd/unix.socket": how a commit message names an endpoint */
export function describeEndpoint(endpoint: Endpoint): string {
  return `${endpoint.kind} ${endpoint.address}`;
}

/**
 * ~/.bcm/endpoints/<name>.json: one file per endpoint, no secrets inside. With a writer (the
 * BcmStore facade) every save and remove is a commit, e.g. "Add endpoint home (https 192.0.2.10:8443)".
 */
export class EndpointStore extends JsonCollection<Endpoint> {
  constructor(dirs: BcmLayout, writer?: StoreWriter) {
    super({
      dir: dirs.endpoints,
      schema: endpointSchema,
      version: 1,
      noun: 'endpoint',
      describe: describeEndpoint,
      name: (e) => e.name,
      ...(writer ? { writer } : {}),
    });
  }
}
