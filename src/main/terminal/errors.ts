import { BcmError } from '../../shared/errors';
import type { LxdClient, Scope } from '../lxd/index';

/** The error for an exec refused because the instance is not running, with the next step. */
export function instanceNotRunning(name: string, status: string): BcmError {
  const state = status.toLowerCase();
  const next = state === 'frozen' ? 'Unfreeze it' : 'Start it';
  return new BcmError('CONFLICT', `${name} is ${state}: commands can only run in a running instance. ${next}, then try again.`, {
    reason: 'instance-not-running',
    status,
  });
}

const looksNotRunning = (err: unknown): boolean =>
  err instanceof BcmError && /not running|is frozen|not started/i.test(`${err.message} ${String(err.detail?.lxdError ?? '')}`);

/**
 * Turns an exec failure into what the user can act on: a stopped or frozen instance is said so;
 * anything else passes through.
 */
export async function notRunningError(err: unknown, client: LxdClient, name: string, scope: Scope): Promise<unknown> {
  if (!looksNotRunning(err)) return err;
  try {
    const instance = await client.instances.get(name, scope);
    return instanceNotRunning(name, instance.status);
  } catch {
    return err;
  }
}
