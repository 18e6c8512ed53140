/**
 * The surface of the LXD client that the rest of main uses. The implementation lives beside this
 * file (transports, resources, operations, events); domain modules import only from `./index`.
 * Shapes follow LXD's REST API (https://documentation.ubuntu.com/lxd/en/latest/rest-api/),
 * narrowed to the fields BCM reads.
 */

export interface LxdServer {
  api_extensions: string[];
  api_status: string;
  api_version: string;
  auth: 'trusted' | 'untrusted';
  auth_methods?: string[];
  public: boolean;
  config?: Record<string, unknown>;
  environment?: {
    addresses?: string[];
    architectures?: string[];
    certificate?: string;
    certificate_fingerprint?: string;
    kernel?: string;
    kernel_version?: string;
    server?: string;
    server_name?: string;
    server_version?: string;
    server_clustered?: boolean;
    storage?: string;
    storage_version?: string;
    project?: string;
  };
}

export interface LxdResources {
  cpu: { total: number; sockets: Array<{ name?: string; cores: Array<{ threads: unknown[] }> }> };
  memory: { total: number; used: number };
}

export interface LxdStoragePoolResources {
  space: { total: number; used: number };
}

export interface LxdInstanceStateNetworkAddress {
  family: 'inet' | 'inet6';
  address: string;
  netmask: string;
  scope: string;
}

export interface LxdInstanceState {
  status: string;
  status_code: number;
  pid: number;
  processes: number;
  cpu: { usage: number };
  memory: { usage: number; usage_peak?: number };
  network?: Record<string, { addresses: LxdInstanceStateNetworkAddress[]; state: string; type: string }> | null;
  disk?: Record<string, { usage: number }> | null;
}

export interface LxdInstance {
  name: string;
  project: string;
  type: 'container' | 'virtual-machine';
  status: string;
  status_code: number;
  description: string;
  created_at: string;
  config: Record<string, string>;
  devices: Record<string, Record<string, string>>;
  profiles: string[];
  ephemeral: boolean;
  location?: string;
  /** present with recursion=2 */
  state?: LxdInstanceState | null;
}

export interface LxdOperation {
  id: string;
  class: 'task' | 'websocket' | 'token';
  description: string;
  status: string;
  status_code: number;
  resources: Record<string, string[]> | null;
  metadata: Record<string, unknown> | null;
  may_cancel: boolean;
  err: string;
  created_at: string;
  updated_at: string;
}

export interface LxdEvent {
  type: 'lifecycle' | 'operation' | 'logging' | string;
  timestamp: string;
  project?: string;
  location?: string;
  metadata: Record<string, unknown>;
}

/** A lifecycle event's metadata, e.g. { action: "instance-started", source: "/1.0/instances/c1" }. */
export interface LxdLifecycle {
  action: string;
  source: string;
  context?: Record<string, unknown>;
  requestor?: Record<string, unknown>;
}

export interface ExecResult {
  exitCode: number;
  stdout: Buffer;
  stderr: Buffer;
}

export interface EventSubscription {
  close(): void;
}

export interface EventStreamOptions {
  /** event types to receive; default all */
  types?: Array<'lifecycle' | 'operation' | 'logging'>;
  /** a project name, or all projects when omitted */
  project?: string;
  onEvent(event: LxdEvent): void;
  /** connected, or reconnecting after a drop (with the reason); called on every state change */
  onState?(state: 'connected' | 'reconnecting', reason?: string): void;
}

// ---- added with the client implementation ----

export interface LxdCertificate {
  name: string;
  type: 'client' | 'metrics' | 'server' | string;
  fingerprint: string;
  /** PEM */
  certificate: string;
  restricted: boolean;
  projects: string[] | null;
  description?: string;
}

export interface LxdProject {
  name: string;
  description: string;
  config: Record<string, string>;
  used_by?: string[];
}

export interface LxdProfile {
  name: string;
  description: string;
  config: Record<string, string>;
  devices: Record<string, Record<string, string>>;
  used_by?: string[];
  project?: string;
}

export interface LxdNetwork {
  name: string;
  description: string;
  type: string;
  managed: boolean;
  status?: string;
  config: Record<string, string>;
  used_by?: string[];
  locations?: string[] | null;
  project?: string;
}

/** One rule of a network ACL (`/1.0/network-acls`). Empty source/destination means any. */
export interface LxdNetworkAclRule {
  action: 'allow' | 'reject' | 'drop';
  state: 'enabled' | 'disabled' | 'logged';
  description?: string;
  source?: string;
  destination?: string;
  protocol?: string;
  source_port?: string;
  destination_port?: string;
  icmp_type?: string;
  icmp_code?: string;
}

export interface LxdNetworkAcl {
  name: string;
  description: string;
  egress: LxdNetworkAclRule[];
  ingress: LxdNetworkAclRule[];
  config: Record<string, string>;
  used_by?: string[];
  project?: string;
}

export interface LxdNetworkState {
  addresses: Array<{ family: string; address: string; netmask: string; scope: string }>;
  counters?: Record<string, number>;
  hwaddr: string;
  mtu: number;
  state: string;
  type: string;
}

export interface LxdNetworkLease {
  hostname: string;
  hwaddr: string;
  address: string;
  type: string;
  location?: string;
  project?: string;
}

export interface LxdStoragePool {
  name: string;
  description: string;
  driver: string;
  status?: string;
  config: Record<string, string>;
  used_by?: string[];
  locations?: string[] | null;
}

export interface LxdImageAlias {
  name: string;
  description: string;
  target: string;
  type?: string;
}

export interface LxdImage {
  fingerprint: string;
  filename: string;
  size: number;
  architecture: string;
  type: 'container' | 'virtual-machine' | string;
  public: boolean;
  auto_update: boolean;
  cached: boolean;
  properties: Record<string, string>;
  aliases: Array<{ name: string; description: string }>;
  /** where a cached image came from (images LXD downloaded from a remote) */
  update_source?: { alias: string; server: string; protocol: string };
  created_at: string;
  uploaded_at: string;
  expires_at: string;
  last_used_at: string;
  project?: string;
}

/** What an instance is created from: an image by alias or fingerprint, or nothing. */
export type LxdInstanceSource =
  | { type: 'image'; alias: string; server?: string; protocol?: string }
  | { type: 'image'; fingerprint: string }
  | { type: 'none' };

export interface LxdInstanceCreate {
  name: string;
  source: LxdInstanceSource;
  type?: 'container' | 'virtual-machine';
  description?: string;
  profiles?: string[];
  config?: Record<string, string>;
  devices?: Record<string, Record<string, string>>;
  ephemeral?: boolean;
}

/** The writable part of an instance (PUT /1.0/instances/<name>). */
export interface LxdInstancePut {
  description: string;
  config: Record<string, string>;
  devices: Record<string, Record<string, string>>;
  profiles: string[];
  ephemeral: boolean;
  architecture?: string;
}

export type InstanceAction = 'start' | 'stop' | 'restart' | 'freeze' | 'unfreeze';
