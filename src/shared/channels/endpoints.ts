import { z } from 'zod';
import { none } from './common';
import {
  credentialSchema,
  endpointNameSchema,
  endpointSchema,
  endpointStatusSchema,
  fingerprintSchema,
  localDetectionSchema,
  remoteProbeSchema,
} from '../endpoints';
import { instanceActions, instanceEventSchema, instanceRefSchema, instanceSchema, lxdNameSchema } from '../instances';


/** Endpoints (LXD servers) and their instances. */
export const endpointInvokeChannels = {
  'endpoints.list': { input: none, output: z.array(endpointSchema) },
  /** endpoint files that cannot be read: each is named with the reason; the others are still listed */
  'endpoints.problems': { input: none, output: z.array(z.object({ file: z.string(), message: z.string() })) },
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
  /**
   * Evacuate a cluster member (LXD stops or moves its instances and places nothing new on it) or
   * restore it (issue 14). Answers the endpoint's status afterwards.
   */
  'endpoints.memberState': {
    input: z.object({ name: endpointNameSchema, member: lxdNameSchema, action: z.enum(['evacuate', 'restore']) }).strict(),
    output: endpointStatusSchema,
  },
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

export const endpointEventChannels = {
  /** the whole endpoint list, whenever it changes */
  'endpoints.changed': { params: none, payload: z.array(endpointSchema) },
  /** lifecycle changes of instances on one endpoint, from LXD's /1.0/events (no polling) */
  'instances.events': {
    params: z.object({ endpoint: endpointNameSchema }).strict(),
    payload: instanceEventSchema,
  },
} as const;

