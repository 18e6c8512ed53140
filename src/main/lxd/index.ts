/** The LXD client. Domain modules import only from here. */
export type * from './api';
export { LxdClient } from './client';
export type { LxdClusterMember, MemberStateAction } from './cluster';
export {
  LxdCore,
  type ClientOptions,
  type LxdRequestOptions,
  type LxdResponse,
  type QueryValue,
  type WithEtag,
} from './core';
export type {
  LxdTransport,
  TransportBody,
  TransportRequestOptions,
  TransportResponse,
  TransportStreamResponse,
} from './transport';
export { openWebSocket } from './transport';
export { createUnixTransport } from './transport-unix';
export {
  createHttpsTransport,
  parseAddress,
  formatAddress,
  type HttpsTransportOptions,
  type SocksProxyOptions,
  type HostPort,
} from './transport-https';
export { probeServerCertificate, type ProbeOptions, type ServerCertificateProbe } from './probe';
export { findLocalSocket, localSocketCandidates, detectionFromError } from './local';
export {
  generateClientIdentity,
  fingerprintOfDer,
  fingerprintOfPem,
  normaliseFingerprint,
  pemToDer,
  derToPem,
  describeCertificate,
  type ClientIdentity,
  type CertificateInfo,
} from './certs';
export {
  mapTransportError,
  mapLxdError,
  certMismatchError,
  type TransportTarget,
  type LxdErrorContext,
} from './errors';
export { parseEnvelope, parseOperation, OperationStatus, type Envelope } from './envelope';
export { OperationsApi, operationError, type WaitOptions } from './operations';
export { ServerApi } from './server';
export {
  CertificatesApi,
  encodeTrustToken,
  type AddWithPasswordInput,
  type AddWithTokenInput,
  type CreatedToken,
} from './certificates';
export { NamedCollection, type Scope } from './collection';
export { ProjectsApi, type ProjectCreate, type ProjectPut } from './projects';
export { ProfilesApi, type ProfileCreate, type ProfilePut } from './profiles';
export { NetworksApi, type NetworkCreate, type NetworkPut } from './networks';
export { NetworkAclsApi, type NetworkAclCreate, type NetworkAclPut } from './network-acls';
export { StoragePoolsApi, type StoragePoolCreate, type StoragePoolPut } from './storage';
export { ImagesApi, type ImportOptions } from './images';
export { InstancesApi, type InstanceListOptions, type StateChange, type OperationWait } from './instances';
export { ExecApi, type ExecOptions, type InteractiveOptions, type ExecSession } from './exec';
export { openExecStream, type ExecStream, type ExecStreamOptions, type ExecStreamEnd } from './exec-stream';
export { FilesApi, type FileMeta, type PushOptions } from './files';
export { LogsApi } from './logs';
export { subscribeEvents, eventsPath, backoffDelay, type ReconnectOptions } from './events';
