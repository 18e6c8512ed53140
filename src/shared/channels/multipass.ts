import { z } from 'zod';
import { none } from './common';
import { endpointNameSchema, endpointSchema } from '../endpoints';
import { errorShapeSchema } from '../errors';

/** Multipass: a new BCM VM on this computer (launch → LXD → enrol by token → endpoint), its state. */

/** The original BCM's sizes (`up_multipass.sh`): 4 vCPUs, 4 GiB memory, 30 GiB disk, Ubuntu LTS. */
export const VM_DEFAULTS = { cpus: 4, memoryGiB: 4, diskGiB: 30, image: 'lts' } as const;

export const vmImages = [
  { value: 'lts', label: 'Ubuntu LTS (the newest)' },
  { value: '24.04', label: 'Ubuntu 24.04 LTS (Noble Numbat)' },
  { value: '22.04', label: 'Ubuntu 22.04 LTS (Jammy Jellyfish)' },
] as const;
export type VmImage = (typeof vmImages)[number]['value'];

/**
 * A VM's name is also its endpoint's name: multipass wants a host name (starts with a letter),
 * the endpoint store wants lower case.
 */
export const vmNameSchema = endpointNameSchema
  .max(40, 'At most 40 characters')
  .regex(/^[a-z]/, 'Must start with a letter');

export const vmSizeSchema = z.object({
  cpus: z.number().int().min(1, 'At least 1 vCPU').max(64, 'At most 64 vCPUs'),
  memoryGiB: z.number().int().min(1, 'At least 1 GiB').max(512, 'At most 512 GiB'),
  diskGiB: z.number().int().min(10, 'At least 10 GiB').max(4096, 'At most 4096 GiB'),
});
export type VmSize = z.infer<typeof vmSizeSchema>;

export const vmRequestSchema = vmSizeSchema.extend({
  name: vmNameSchema,
  image: z.enum(vmImages.map((i) => i.value) as [VmImage, ...VmImage[]]),
});
export type VmRequest = z.infer<typeof vmRequestSchema>;

export const multipassStates = ['ready', 'missing', 'daemon-down', 'no-virtualization', 'broken'] as const;
export type MultipassState = (typeof multipassStates)[number];

export const hostResourcesSchema = z.object({
  cpus: z.number(),
  memoryBytes: z.number(),
  /** free space where multipass keeps its images; null when it could not be measured */
  freeDiskBytes: z.number().nullable(),
  /** the folder that was measured */
  storagePath: z.string(),
});
export type HostResources = z.infer<typeof hostResourcesSchema>;

export const multipassDetectionSchema = z.object({
  state: z.enum(multipassStates),
  /** the multipass program that was found (or configured with BCM_MULTIPASS) */
  path: z.string().optional(),
  version: z.string().optional(),
  daemonVersion: z.string().optional(),
  /** what was found, in a sentence */
  message: z.string(),
  /** what to do about it, when not ready */
  nextStep: z.string().optional(),
  /** the command that installs multipass on this OS (missing) */
  installCommand: z.string().optional(),
  installUrl: z.string().optional(),
  /** the local-LXD path is the alternative (no hardware virtualisation) */
  offerLocalLxd: z.boolean(),
  platform: z.string(),
  host: hostResourcesSchema,
});
export type MultipassDetection = z.infer<typeof multipassDetectionSchema>;

/** ~/.bcm/runtime/multipass/<vm>/vm.json: a VM BCM launched and the endpoint it became. */
export const vmRecordSchema = vmRequestSchema.extend({
  schemaVersion: z.literal(1),
  /** launching: the flow is running (or was cut short); ready: enrolled, an endpoint */
  state: z.enum(['launching', 'ready']),
  endpoint: endpointNameSchema.nullable(),
  /** host:port of the VM's LXD */
  address: z.string().nullable(),
  createdAt: z.string(),
});
export type VmRecord = z.infer<typeof vmRecordSchema>;

/** Multipass's instance states (`status_string_for` in its CLI). */
export const vmStates = ['Running', 'Stopped', 'Deleted', 'Starting', 'Restarting', 'Delayed Shutdown', 'Suspending', 'Suspended', 'Unknown'] as const;
export type VmState = (typeof vmStates)[number];

const usage = z.object({ used: z.number().nullable(), total: z.number().nullable() });

/** What `multipass info <vm> --format json` says about one VM, typed. */
export const vmInfoSchema = z.object({
  name: z.string(),
  state: z.enum(vmStates),
  ipv4: z.array(z.string()),
  release: z.string(),
  imageRelease: z.string(),
  cpus: z.number().nullable(),
  load: z.array(z.number()),
  memory: usage,
  disk: usage,
});
export type VmInfo = z.infer<typeof vmInfoSchema>;

export const launchSteps = ['preflight', 'prepare', 'launch', 'setup', 'lxd', 'enrol', 'endpoint'] as const;
export type LaunchStep = (typeof launchSteps)[number];

export const launchStepTitles: Record<LaunchStep, string> = {
  preflight: 'Check multipass, the name and this computer',
  prepare: 'Write the VM’s cloud-init',
  launch: 'Launch the VM',
  setup: 'First-boot setup: LXD and Tor',
  lxd: 'Wait until LXD answers',
  enrol: 'Enrol with the one-time trust token',
  endpoint: 'Save the endpoint',
};

const jobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/);

export const launchProgressSchema = z.object({
  jobId: z.string(),
  name: z.string(),
  step: z.enum(launchSteps),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  message: z.string(),
  /** image download and the like */
  percent: z.number().min(0).max(100).optional(),
  /** on failed */
  error: errorShapeSchema.optional(),
  at: z.string(),
});
export type LaunchProgress = z.infer<typeof launchProgressSchema>;

export const launchJobSchema = z.object({
  jobId: z.string(),
  name: z.string(),
  events: z.array(launchProgressSchema),
  finished: z.boolean(),
});
export type LaunchJob = z.infer<typeof launchJobSchema>;

const vmName = z.object({ name: vmNameSchema }).strict();

export const multipassInvokeChannels = {
  /** is multipass installed, its daemon up, hardware virtualisation there; this computer's resources */
  'multipass.detect': { input: none, output: multipassDetectionSchema },
  /** resolves when the VM is an endpoint; progress arrives on `multipass.progress` */
  'multipass.create': {
    input: vmRequestSchema.extend({ jobId: jobIdSchema }).strict(),
    output: z.object({ vm: vmRecordSchema, endpoint: endpointSchema }),
  },
  'multipass.cancel': { input: z.object({ jobId: jobIdSchema }).strict(), output: z.object({ cancelled: z.boolean() }) },
  /** launches under way (and the last few finished), for a view opened mid-launch */
  'multipass.jobs': { input: none, output: z.array(launchJobSchema) },
  'multipass.vms': { input: none, output: z.array(vmRecordSchema) },
  /** the VM behind an endpoint, or null when the endpoint is not a BCM VM */
  'multipass.forEndpoint': { input: z.object({ endpoint: endpointNameSchema }).strict(), output: vmRecordSchema.nullable() },
  'multipass.info': { input: vmName, output: vmInfoSchema },
  'multipass.setState': {
    input: z.object({ name: vmNameSchema, action: z.enum(['start', 'stop']) }).strict(),
    output: vmInfoSchema,
  },
  /** deletes and purges the VM, forgets its endpoint and its files; `confirm` repeats the name */
  'multipass.delete': {
    input: z.object({ name: vmNameSchema, confirm: z.string() }).strict(),
    output: z.object({ deleted: z.string(), endpointRemoved: z.string().nullable() }),
  },
} as const;

export const multipassEventChannels = {
  /** progress of every launch (filter by jobId) */
  'multipass.progress': { params: none, payload: launchProgressSchema },
} as const;
