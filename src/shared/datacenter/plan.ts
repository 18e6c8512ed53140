import { z } from 'zod';
import { errorShapeSchema } from '../errors';
import { placementSchema } from './placement';
import { componentKinds } from './spec';

export const actionKinds = [
  'create-project',
  'create-network',
  /** an internal bridge made before its ACL existed gets it (hardening, issue 11) */
  'isolate-network',
  'create-profile',
  'create-volume',
  'create-instance',
  'update-instance',
  'start-instance',
  'install-artifact',
  'write-config',
  'enable-service',
  'wait-healthy',
  /** remote access: the gateway's Tor publishes the LXD API as an onion service (issue 6) */
  'publish-onion',
  /** wallet pairing: the gateway's Tor publishes lnd and the node's RPC as an onion service (issue 13) */
  'publish-wallet-onion',
  /** an app's declared onion port published by the gateway's Tor, or withdrawn */
  'publish-app-onion',
  /** day two (issue 12): LXD snapshots of a running component's containers and volumes before it changes */
  'snapshot',
  'stop-instance',
  /** issue 14: a stopped container and its data volumes go to another cluster member */
  'move-instance',
  'delete-instance',
  'delete-volume',
  'delete-profile',
  'delete-network',
  'delete-project',
] as const;
export type ActionKind = (typeof actionKinds)[number];

export const planActionSchema = z.object({
  /** stable within a plan, e.g. "create-instance:bitcoind" */
  id: z.string(),
  kind: z.enum(actionKinds),
  /** the component it belongs to, or "datacenter" for shared objects (project, networks) */
  component: z.union([z.enum(componentKinds), z.literal('datacenter')]),
  /** the LXD object or file it touches */
  target: z.string(),
  /** a sentence for people: "Create container bitcoind (2 CPUs, 2 GiB memory, 8 GiB disk)" */
  title: z.string(),
  detail: z.string().optional(),
  /** on an LXD cluster: the member the step creates on or moves to (issue 14) */
  member: z.string().optional(),
});
export type PlanAction = z.infer<typeof planActionSchema>;

/** A component the spec no longer names, with what of it exists (issue 12: editing a deployed datacenter). */
export const planRemovalSchema = z.object({
  component: z.enum(componentKinds),
  title: z.string(),
  containers: z.array(z.string()),
  /** its data volumes that exist */
  volumes: z.array(z.string()),
  /** the plan deletes the volumes (the owner asked); else they are kept for a later re-add */
  deleteData: z.boolean(),
});
export type PlanRemoval = z.infer<typeof planRemovalSchema>;

/** One pre-flight check of an apply, run before anything is created (issue 12). */
export const preflightCheckSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** fail blocks the apply; warn is said and lets it run */
  state: z.enum(['ok', 'warn', 'fail']),
  /** what was found, or what is wrong and what to do */
  detail: z.string(),
});
export type PreflightCheck = z.infer<typeof preflightCheckSchema>;

export const planSchema = z.object({
  datacenter: z.string(),
  endpoint: z.string(),
  project: z.string(),
  operation: z.enum(['apply', 'down']),
  actions: z.array(planActionSchema),
  /** why the plan cannot run (name clash, missing extension, too little disk); empty when it can */
  blockers: z.array(z.string()),
  /** apply: components that exist but are no longer in the spec (absent: none) */
  removals: z.array(planRemovalSchema).optional(),
  /** apply: pre-flight checks of what the actions need (image, artifacts, memory); failures are also blockers */
  checks: z.array(preflightCheckSchema).optional(),
  /** apply on an LXD cluster: the member of each container, and how it was chosen (issue 14) */
  placement: z.array(placementSchema).optional(),
});
export type Plan = z.infer<typeof planSchema>;

/**
 * In a failed step's `error.detail.rollback`: the run had snapshotted the step's component before
 * changing it, and BCM restored that snapshot by itself (issue 12).
 */
export const rollbackDetailSchema = z.object({
  snapshot: z.string(),
  component: z.enum(componentKinds),
  /** restored and healthy again; false when the restore or its health check failed too */
  healthy: z.boolean(),
  durationMs: z.number(),
  /** why the rollback failed */
  message: z.string().optional(),
});
export type RollbackDetail = z.infer<typeof rollbackDetailSchema>;

/** The rollback a failed step's error reports, if any. */
export function rollbackOf(error: { detail?: Record<string, unknown> | undefined } | undefined): RollbackDetail | undefined {
  const parsed = rollbackDetailSchema.safeParse(error?.detail?.rollback);
  return parsed.success ? parsed.data : undefined;
}

export const stepStates = ['pending', 'running', 'done', 'failed', 'cancelled'] as const;
export type StepState = (typeof stepStates)[number];

export const runEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('started'),
    runId: z.string(),
    datacenter: z.string(),
    operation: z.enum(['apply', 'down']),
    actions: z.array(planActionSchema),
    at: z.string(),
  }),
  z.object({
    type: z.literal('step'),
    runId: z.string(),
    actionId: z.string(),
    state: z.enum(stepStates),
    /** 0..1 where the step can tell (downloads, image unpacking) */
    progress: z.number().min(0).max(1).optional(),
    message: z.string().optional(),
    error: errorShapeSchema.optional(),
    durationMs: z.number().optional(),
  }),
  z.object({ type: z.literal('log'), runId: z.string(), actionId: z.string(), line: z.string(), at: z.string() }),
  z.object({
    type: z.literal('finished'),
    runId: z.string(),
    outcome: z.enum(['succeeded', 'failed', 'cancelled']),
    error: errorShapeSchema.optional(),
    durationMs: z.number(),
  }),
]);
export type RunEvent = z.infer<typeof runEventSchema>;

/** The state of a run as a page needs it after a reload: every event replayed into one value. */
export const runSnapshotSchema = z.object({
  runId: z.string(),
  datacenter: z.string(),
  operation: z.enum(['apply', 'down']),
  actions: z.array(planActionSchema),
  steps: z.record(
    z.string(),
    z.object({
      state: z.enum(stepStates),
      progress: z.number().optional(),
      message: z.string().optional(),
      error: errorShapeSchema.optional(),
      durationMs: z.number().optional(),
      log: z.array(z.string()),
    }),
  ),
  outcome: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  error: errorShapeSchema.optional(),
  startedAt: z.string(),
  durationMs: z.number().optional(),
});
export type RunSnapshot = z.infer<typeof runSnapshotSchema>;

/** `degraded`: running and answering, but short of something apply does not wait for (the gateway's Tor not connected) */
export const healthStates = ['healthy', 'degraded', 'starting', 'unhealthy', 'stopped', 'missing', 'unknown'] as const;

export const containerStatusSchema = z.object({
  name: z.string(),
  /** LXD status, or "Missing" */
  status: z.string(),
  service: z.enum(['active', 'inactive', 'failed', 'unknown', 'none']),
  health: z.enum(healthStates),
  message: z.string().optional(),
  ipv4: z.array(z.string()),
  /** the LXD cluster member it runs on (issue 14) */
  location: z.string().optional(),
});

/** A cluster member that is not Online, and what of the datacenter runs there (issue 14). */
export const memberIssueSchema = z.object({
  member: z.string(),
  /** LXD's status: Offline, Evacuated, Blocked */
  status: z.string(),
  message: z.string(),
  components: z.array(z.enum(componentKinds)),
  containers: z.array(z.string()),
});
export type MemberIssue = z.infer<typeof memberIssueSchema>;

export const datacenterStatusSchema = z.object({
  name: z.string(),
  endpoint: z.string(),
  project: z.string(),
  /** the project exists and carries BCM's marker */
  deployed: z.boolean(),
  checkedAt: z.string(),
  components: z.array(
    z.object({
      kind: z.enum(componentKinds),
      title: z.string(),
      health: z.enum(healthStates),
      containers: z.array(containerStatusSchema),
    }),
  ),
  /** the apps' dashboard tiles (issue 14), rendered from their manifests' templates */
  tiles: z.array(z.object({ app: z.string(), appTitle: z.string(), title: z.string(), value: z.string(), hint: z.string().optional() })).optional(),
  /** BCM's containers in the project that the spec no longer names (issue 12); the next apply removes them */
  orphans: z.array(z.object({ kind: z.enum(componentKinds), title: z.string(), container: containerStatusSchema })).optional(),
  /** on a cluster: the members and their LXD status (issue 14) */
  members: z.array(z.object({ name: z.string(), status: z.string(), message: z.string() })).optional(),
  /** on a cluster: members not Online that hold some of the datacenter's containers */
  memberIssues: z.array(memberIssueSchema).optional(),
  error: errorShapeSchema.optional(),
});
export type DatacenterStatus = z.infer<typeof datacenterStatusSchema>;
