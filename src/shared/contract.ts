import { z } from 'zod';
import {
  credentialSchema,
  endpointNameSchema,
  endpointSchema,
  endpointStatusSchema,
  fingerprintSchema,
  localDetectionSchema,
  remoteProbeSchema,
} from './endpoints';
import { instanceActions, instanceEventSchema, instanceRefSchema, instanceSchema, lxdNameSchema } from './instances';

/**
 * The IPC contract: every request/response channel and every event stream between the renderer
 * and the main process. Inputs are validated by main (the renderer is less trusted); outputs are
 * produced by main and typed here. Both transports (Electron IPC and the browser host's
 * WebSocket) carry exactly this map.
 */
const none = z.object({}).strict();

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
  'endpoints.list': { input: none, output: z.array(endpointSchema) },
  'endpoints.status': { input: z.object({ name: endpointNameSchema }).strict(), output: endpointStatusSchema },
  'endpoints.detectLocal': { input: none, output: localDetectionSchema },
  'endpoints.addLocal': {
    input: z.object({ name: endpointNameSchema, socketPath: z.string().min(1).optional() }).strict(),
    output: endpointSchema,
  },
  'endpoints.probeRemote': {
    input: z.object({ address: z.string().trim().min(1, 'Enter an address').max(255) }).strict(),
    output: remoteProbeSchema,
  },
  'endpoints.addRemote': {
    input: z
      .object({
        name: endpointNameSchema,
        address: z.string().trim().min(1).max(255),
        /** the fingerprint the user saw and confirmed; the connection is refused if it differs */
        fingerprint: fingerprintSchema,
        credential: credentialSchema,
      })
      .strict(),
    output: endpointSchema,
  },
  'endpoints.remove': { input: z.object({ name: endpointNameSchema }).strict(), output: z.object({ removed: z.string() }) },
  'instances.list': {
    input: z.object({ endpoint: endpointNameSchema, project: lxdNameSchema.optional() }).strict(),
    output: z.array(instanceSchema),
  },
  'instances.setState': {
    input: instanceRefSchema
      .extend({ action: z.enum(instanceActions), force: z.boolean().optional() })
      .strict(),
    output: instanceSchema,
  },
  'instances.delete': { input: instanceRefSchema.strict(), output: z.object({ deleted: z.string() }) },
} as const;

export const eventChannels = {
  /** the whole endpoint list, whenever it changes */
  'endpoints.changed': { params: none, payload: z.array(endpointSchema) },
  /** lifecycle changes of instances on one endpoint, from LXD's /1.0/events (no polling) */
  'instances.events': {
    params: z.object({ endpoint: endpointNameSchema }).strict(),
    payload: instanceEventSchema,
  },
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
