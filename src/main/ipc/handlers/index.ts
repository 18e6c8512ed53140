import type { InvokeOutput } from '../../../shared/contract';
import type { EventSources, Handlers } from '../router';
import { datacenterEventSources, datacenterHandlers, type DatacenterDeps } from './datacenters';
import { endpointEventSources, endpointHandlers, type EndpointDeps } from './endpoints';
import { logEventSources, logHandlers, type LogDeps } from './logs';
import { storeEventSources, storeHandlers, type StoreDeps } from './store';
import { terminalEventSources, terminalHandlers, type TerminalDeps } from './terminal';
import { torEventSources, torHandlers, type TorDeps } from './tor';
import { multipassEventSources, multipassHandlers, type MultipassDeps } from './multipass';
import { messagingEventSources, messagingHandlers, type MessagingDeps } from './messaging';
import { serviceEventSources, serviceHandlers, type ServiceDeps } from './services';
import { remoteAccessHandlers, type RemoteAccessDeps } from './remote-access';
import { alertEventSources, alertHandlers, type AlertDeps } from './alerts';
import { snapshotHandlers, type SnapshotDeps } from './snapshots';
import { walletPairingHandlers, type WalletPairingDeps } from './wallet-pairing';
import { appOnionHandlers, type AppOnionDeps } from './app-onions';

export interface HandlerDeps extends EndpointDeps, DatacenterDeps, TerminalDeps, LogDeps, StoreDeps, TorDeps, MultipassDeps, ServiceDeps, RemoteAccessDeps, MessagingDeps, AlertDeps, SnapshotDeps, WalletPairingDeps, AppOnionDeps {
  info: InvokeOutput<'app.info'>;
}

/** Every contract channel bound to its domain service; one module per capability. */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    'app.info': async () => deps.info,
    ...endpointHandlers(deps),
    ...storeHandlers(deps),
    ...datacenterHandlers(deps),
    ...terminalHandlers(deps),
    ...logHandlers(deps),
    ...torHandlers(deps),
    ...multipassHandlers(deps),
    ...messagingHandlers(deps),
    ...serviceHandlers(deps),
    ...remoteAccessHandlers(deps),
    ...alertHandlers(deps),
    ...snapshotHandlers(deps),
    ...walletPairingHandlers(deps),
    ...appOnionHandlers(deps),
  };
}

export function createEventSources(deps: HandlerDeps): EventSources {
  return {
    ...endpointEventSources(deps),
    ...storeEventSources(deps),
    ...datacenterEventSources(deps),
    ...terminalEventSources(deps),
    ...logEventSources(deps),
    ...torEventSources(deps),
    ...multipassEventSources(deps),
    ...messagingEventSources(deps),
    ...serviceEventSources(deps),
    ...alertEventSources(deps),
  };
}
