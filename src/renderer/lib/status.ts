import type { InstanceAction } from '../../shared/instances';

/** Mantine colour names for LXD's status words. */
export function instanceStatusColor(status: string): string {
  switch (status.toLowerCase()) {
    case 'running':
      return 'green';
    case 'stopped':
      return 'gray';
    case 'frozen':
      return 'cyan';
    case 'error':
      return 'red';
    case 'starting':
    case 'stopping':
    case 'freezing':
    case 'thawed':
    case 'pending':
    case 'aborting':
      return 'yellow';
    default:
      return 'gray';
  }
}

/** The state changes that make sense from a status, in the order the UI shows them. */
export function actionsFor(status: string): InstanceAction[] {
  switch (status.toLowerCase()) {
    case 'running':
      return ['stop', 'restart', 'freeze'];
    case 'stopped':
      return ['start'];
    case 'frozen':
      return ['unfreeze', 'stop'];
    case 'error':
      return ['start', 'stop'];
    default:
      return [];
  }
}

/** Deleting is offered in any settled state (main stops a running instance first). */
export function canDelete(status: string): boolean {
  return ['running', 'stopped', 'frozen', 'error'].includes(status.toLowerCase());
}

/** Colour of a usage bar: calm, then warning, then critical. */
export function usageColor(percent: number): string {
  if (percent >= 90) return 'red';
  if (percent >= 75) return 'yellow';
  return 'teal';
}

export const actionLabels: Record<InstanceAction, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  freeze: 'Freeze',
  unfreeze: 'Unfreeze',
};

/** Past participle for notifications: "web-1 stopped". */
export const actionDone: Record<InstanceAction, string> = {
  start: 'started',
  stop: 'stopped',
  restart: 'restarted',
  freeze: 'frozen',
  unfreeze: 'unfrozen',
};
