import { z } from 'zod';
import { none } from './channels/common';
import { datacenterEventChannels, datacenterInvokeChannels } from './channels/datacenters';
import { endpointEventChannels, endpointInvokeChannels } from './channels/endpoints';
import { storeEventChannels, storeInvokeChannels } from './channels/store';
import { logEventChannels, logInvokeChannels } from './channels/logs';
import { terminalEventChannels, terminalInvokeChannels } from './channels/terminal';
import { torEventChannels, torInvokeChannels } from './channels/tor';
import { multipassEventChannels, multipassInvokeChannels } from './channels/multipass';
import { messagingEventChannels, messagingInvokeChannels } from './channels/messaging';
import { remoteAccessInvokeChannels } from './channels/remote-access';
import { walletPairingInvokeChannels } from './channels/wallet-pairing';
import { appOnionInvokeChannels } from './channels/app-onions';
import { snapshotInvokeChannels } from './channels/snapshots';
import { serviceEventChannels, serviceInvokeChannels } from './channels/services';
import { alertEventChannels, alertInvokeChannels } from './channels/alerts';

/**
 * The IPC contract: every request/response channel and every event stream between the renderer
 * and the main process. Inputs are validated by main (the renderer is less trusted); outputs are
 * produced by main and typed here. Both transports (Electron IPC and the browser host's
 * WebSocket) carry exactly this map. Each capability keeps its channels in ./channels/.
 */
export const invokeChannels = {
  'app.info': {
    input: none,
    output: z.object({
      version: z.string(),
      platform: z.string(),
      bcmHome: z.string(),
      transport: z.enum(['electron', 'browser-host', 'test']),
    }),
  },
  ...endpointInvokeChannels,
  ...storeInvokeChannels,
  ...terminalInvokeChannels,
  ...logInvokeChannels,
  ...datacenterInvokeChannels,
  ...torInvokeChannels,
  ...multipassInvokeChannels,
  ...messagingInvokeChannels,
  ...serviceInvokeChannels,
  ...remoteAccessInvokeChannels,
  ...walletPairingInvokeChannels,
  ...appOnionInvokeChannels,
  ...alertInvokeChannels,
  ...snapshotInvokeChannels,
} as const;

export const eventChannels = {
  ...endpointEventChannels,
  ...storeEventChannels,
  ...terminalEventChannels,
  ...logEventChannels,
  ...datacenterEventChannels,
  ...torEventChannels,
  ...multipassEventChannels,
  ...messagingEventChannels,
  ...serviceEventChannels,
  ...alertEventChannels,
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;

/** What a caller passes (defaults may be omitted). */
export type InvokeInput<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['input']>;
/** What a handler receives after validation (defaults filled in). */
export type InvokeParsed<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['input']>;
export type InvokeOutput<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['output']>;
export type EventParams<E extends EventChannel> = z.input<(typeof eventChannels)[E]['params']>;
export type EventParsed<E extends EventChannel> = z.output<(typeof eventChannels)[E]['params']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof eventChannels)[E]['payload']>;

export function isInvokeChannel(name: string): name is InvokeChannel {
  return Object.prototype.hasOwnProperty.call(invokeChannels, name);
}

export function isEventChannel(name: string): name is EventChannel {
  return Object.prototype.hasOwnProperty.call(eventChannels, name);
}
