import type { EventStreamOptions, EventSubscription } from './api';
import { CertificatesApi } from './certificates';
import { ClusterApi } from './cluster';
import { LxdCore, type ClientOptions } from './core';
import { subscribeEvents, type ReconnectOptions } from './events';
import { ExecApi } from './exec';
import { FilesApi } from './files';
import { ImagesApi } from './images';
import { InstancesApi } from './instances';
import { LogsApi } from './logs';
import { NetworksApi } from './networks';
import { NetworkAclsApi } from './network-acls';
import { OperationsApi } from './operations';
import { ProfilesApi } from './profiles';
import { ProjectsApi } from './projects';
import { ServerApi } from './server';
import { StoragePoolsApi } from './storage';
import type { LxdTransport } from './transport';

/**
 * The LXD client: the HTTP core (get/post/put/patch/delete with envelopes parsed, errors mapped)
 * and one thin module per API resource.
 *
 *   const lxd = new LxdClient(createUnixTransport('/var/lib/lxd/unix.socket'), { project: 'bcm-home' });
 *   await lxd.instances.list();
 */
export class LxdClient extends LxdCore {
  readonly operations: OperationsApi;
  readonly server: ServerApi;
  readonly certificates: CertificatesApi;
  readonly projects: ProjectsApi;
  readonly profiles: ProfilesApi;
  readonly networks: NetworksApi;
  readonly networkAcls: NetworkAclsApi;
  readonly storagePools: StoragePoolsApi;
  readonly images: ImagesApi;
  readonly instances: InstancesApi;
  readonly exec: ExecApi;
  readonly files: FilesApi;
  readonly logs: LogsApi;
  /** members, their state and resources; moves between members (issue 14) */
  readonly cluster: ClusterApi;
  /** `/1.0/events` with automatic reconnection: `events.subscribe({ types, project, onEvent, onState })` */
  readonly events: { subscribe(options: EventStreamOptions, reconnect?: ReconnectOptions): EventSubscription };

  constructor(
    transport: LxdTransport,
    options: ClientOptions = {},
    shared: { extensions?: Promise<Set<string>> } = {},
  ) {
    super(transport, options, shared);
    this.operations = new OperationsApi(this);
    this.server = new ServerApi(this);
    this.certificates = new CertificatesApi(this, this.operations);
    this.projects = new ProjectsApi(this, this.operations);
    this.profiles = new ProfilesApi(this, this.operations);
    this.networks = new NetworksApi(this, this.operations);
    this.networkAcls = new NetworkAclsApi(this, this.operations);
    this.storagePools = new StoragePoolsApi(this, this.operations);
    this.images = new ImagesApi(this, this.operations);
    this.instances = new InstancesApi(this, this.operations);
    this.exec = new ExecApi(this, this.operations);
    this.files = new FilesApi(this);
    this.logs = new LogsApi(this);
    this.cluster = new ClusterApi(this, this.operations);
    this.events = { subscribe: (options, reconnect) => subscribeEvents(this, options, reconnect) };
  }

  /** The same connection, with another default project (feature cache shared). */
  useProject(project: string): LxdClient {
    return new LxdClient(this.transport, { project }, this.shared);
  }

  /** Closes pooled connections (open websockets and subscriptions are closed by their owners). */
  close(): void {
    this.transport.close();
  }
}
