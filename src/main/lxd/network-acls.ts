import type { LxdNetworkAcl } from './api';
import { NamedCollection } from './collection';
import type { LxdCore } from './core';
import type { OperationsApi } from './operations';

export type NetworkAclPut = Pick<LxdNetworkAcl, 'description' | 'egress' | 'ingress' | 'config'>;
export type NetworkAclCreate = NetworkAclPut & { name: string };

/**
 * `/1.0/network-acls` (API extension `network_acl`; on bridges `network_bridge_acl`). ACLs belong
 * to the project that holds the networks, which for bridges on LXD 5.0 is the default project.
 */
export class NetworkAclsApi extends NamedCollection<LxdNetworkAcl, NetworkAclCreate, NetworkAclPut> {
  constructor(core: LxdCore, operations: OperationsApi) {
    super(core, operations, '/1.0/network-acls', false);
  }
}
