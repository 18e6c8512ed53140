import { z } from 'zod';
import { none } from './common';

/**
 * The monitor (issue 13): main watches every datacenter while the app runs and raises alerts —
 * a service down, an endpoint unreachable, a data disk filling, a backup too old, a node stalled
 * or without peers, a Lightning channel closed or force-closed. Alerts are kept with their history in ~/.bcm/state/alerts.json.
 */
export const alertKinds = ['service-down', 'endpoint-unreachable', 'disk-filling', 'backup-stale', 'node-stalled', 'no-peers', 'channel-closed'] as const;
export type AlertKind = (typeof alertKinds)[number];

export const alertSchema = z.object({
  /** stable while the condition lasts: kind:datacenter:subject */
  id: z.string(),
  kind: z.enum(alertKinds),
  /** the datacenter, or "" for the whole app (backups) */
  datacenter: z.string(),
  /** what it is about: a component, a pool, "backup" */
  subject: z.string(),
  severity: z.enum(['warning', 'critical']),
  title: z.string(),
  /** what is wrong and what to do */
  message: z.string(),
  raisedAt: z.string(),
  /** set once the condition is gone (history) */
  clearedAt: z.string().optional(),
});
export type Alert = z.infer<typeof alertSchema>;

export const monitorSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  /** seconds between checks */
  intervalS: z.number().int().min(15).max(3600).default(60),
  /** a backup older than this many days is an alert (0 = never) */
  backupMaxAgeDays: z.number().int().min(0).max(365).default(7),
  /** warn when a data disk is forecast to be full within this many days */
  diskWarnDays: z.number().int().min(1).max(365).default(14),
  /** no new block for this many minutes (beyond the chain's 10-minute norm) means stalled; regtest is exempt */
  stalledMinutes: z.number().int().min(20).max(1440).default(90),
});
export type MonitorSettings = z.infer<typeof monitorSettingsSchema>;

export const alertsStateSchema = z.object({
  active: z.array(alertSchema),
  /** cleared alerts, newest first (at most 200) */
  history: z.array(alertSchema),
  /** when the monitor last looked; absent before its first check */
  checkedAt: z.string().optional(),
  settings: monitorSettingsSchema,
});
export type AlertsState = z.infer<typeof alertsStateSchema>;

export const alertInvokeChannels = {
  'alerts.list': { input: none, output: alertsStateSchema },
  /** check every datacenter now (the Check now button); answers with the result */
  'alerts.check': { input: none, output: alertsStateSchema },
  'alerts.settings.set': { input: z.object({ settings: monitorSettingsSchema }).strict(), output: alertsStateSchema },
} as const;

export const alertEventChannels = {
  /** the alert list changed (raised, cleared, settings) */
  'alerts.changed': { params: none, payload: alertsStateSchema },
} as const;
