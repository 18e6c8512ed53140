import type { Alert } from '../../shared/channels/alerts';

export interface NativeNotice {
  title: string;
  body: string;
  urgency: 'normal' | 'critical';
}

/**
 * What the desktop says for newly raised alerts (Electron's Notification, issue 13): one notice
 * per alert, or one summary when several arrive at once (a whole datacenter going down is one
 * event for its owner, not five pop-ups).
 */
export function noticesFor(raised: readonly Alert[]): NativeNotice[] {
  if (raised.length === 0) return [];
  const urgency = raised.some((a) => a.severity === 'critical') ? 'critical' : 'normal';
  if (raised.length > 2) {
    return [{ title: `BCM: ${raised.length} new alerts`, body: raised.map((a) => a.title).join('\n'), urgency }];
  }
  return raised.map((a) => ({ title: `BCM: ${a.title}`, body: a.message, urgency: a.severity === 'critical' ? 'critical' : 'normal' }));
}
