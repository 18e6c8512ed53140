import type { LxdNetwork, LxdNetworkLease, LxdNetworkState } from './api';
import { NamedCollection, type Scope } from './collection';
import type { LxdCore } from './core';
import type { OperationsApi } from './operations';

export interface NetworkCreate {
  name: string;
  /** bridge, macvlan, sriov, ovn, physical */
  type?: string;
  description?: string;
  config?: Record<string, string>;
}

export type NetworkPut = Pick<LxdNetwork, 'description' | 'config'>;

/**
 * `/1.0/networks`. LXD 5.0 allows only OVN networks in projects with `features.networks=true`;
 * otherwise (the default) networks live in the default project whatever project is named.
 */
export class NetworksApi extends NamedCollection<LxdNetwork, NetworkCreate, NetworkPut> {
  constructor(core: LxdCore, operations: OperationsApi) {
    super(core, operations, '/1.0/networks', false);
  }

  state(name: string, scope?: Scope): Promise<LxdNetworkState> {
    return this.core.get<LxdNetworkState>(`${this.path(name)}/state`, this.opts(scope));
  }

  leases(name: string, scope?: Scope): Promise<LxdNetworkLease[]> {
    return this.core.get<LxdNetworkLease[]>(`${this.path(name)}/leases`, this.opts(scope));
  }
}
