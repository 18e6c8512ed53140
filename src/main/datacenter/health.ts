import { BcmError } from '../../shared/errors';
import type { LxdClient } from '../lxd';
import type { ContainerRecipe } from './recipe';
import type { StepReporter } from './runner';

export interface HealthResult {
  healthy: boolean;
  output: string;
}

/**
 * One probe never takes longer than this: a client that hangs (lncli while lnd waits for its
 * node) would stall a wait-healthy step past its deadline and the status with it.
 */
export const PROBE_DEADLINE_S = 20;

/** Runs a recipe's health command once, under `timeout` in the container. */
export async function checkHealth(client: LxdClient, project: string, instance: string, health: ContainerRecipe['health'], signal?: AbortSignal): Promise<HealthResult> {
  // health checks only read, so a run whose output LXD dropped is simply run again
  const command = ['timeout', String(PROBE_DEADLINE_S), ...health.command];
  const res = await client.exec.run(instance, command, { project, idempotent: true, ...(signal ? { signal } : {}) });
  if (res.exitCode === 124) return { healthy: false, output: `no answer within ${PROBE_DEADLINE_S} s (${health.command.join(' ')})` };
  const output = `${res.stdout.toString('utf8')}${res.stderr.toString('utf8')}`.trim();
  const matches = health.expect === undefined || new RegExp(health.expect).test(res.stdout.toString('utf8'));
  return { healthy: res.exitCode === 0 && matches, output };
}

/** A unit restarted this often while the gate waits is crash-looping: no point waiting out the deadline. */
export const CRASH_RESTARTS = 5;

/**
 * The service units that are crash-looping or have given up (systemd's ActiveState=failed, or
 * NRestarts at CRASH_RESTARTS or more), with the last lines of their journal; empty when none.
 */
export async function crashingUnits(client: LxdClient, project: string, instance: string, units: readonly string[], signal?: AbortSignal): Promise<string> {
  if (units.length === 0) return '';
  const script = units
    .map((u) => `a=$(systemctl show -p ActiveState --value ${u}); n=$(systemctl show -p NRestarts --value ${u}); if [ "$a" = failed ] || [ "\${n:-0}" -ge ${CRASH_RESTARTS} ]; then echo "${u} $a after $n restarts:"; journalctl -u ${u} -n 3 -o cat --no-pager; fi`)
    .join('; ');
  const res = await client.exec.run(instance, ['sh', '-c', script], { project, idempotent: true, ...(signal ? { signal } : {}) }).catch(() => undefined);
  return res?.stdout.toString('utf8').trim() ?? '';
}

/**
 * Polls the health command until it passes or its deadline passes (TIMEOUT, with the last output).
 * With `units`, a service that keeps exiting ends the wait at once (an upgrade to a build that
 * cannot start rolls back in seconds, not after the whole deadline).
 */
export async function runHealthCheck(client: LxdClient, project: string, instance: string, health: ContainerRecipe['health'], report: StepReporter, units: readonly string[] = []): Promise<void> {
  const deadline = Date.now() + health.timeoutS * 1000;
  let last = '';
  for (let attempt = 1; ; attempt++) {
    if (report.signal.aborted) throw new BcmError('CANCELLED', 'Cancelled while waiting for the service.');
    const result = await checkHealth(client, project, instance, health, report.signal).catch((err: unknown) => ({ healthy: false, output: err instanceof Error ? err.message : String(err) }));
    if (result.healthy) {
      report.log(`healthy after ${attempt} check${attempt > 1 ? 's' : ''}`);
      return;
    }
    if (result.output !== last) report.log(result.output.split('\n').slice(-2).join(' ') || `attempt ${attempt}: not yet`);
    last = result.output;
    const crashing = await crashingUnits(client, project, instance, units, report.signal);
    if (crashing) {
      for (const line of crashing.split('\n')) report.log(line);
      throw new BcmError('TIMEOUT', `${instance} cannot become healthy: its service keeps exiting (${crashing.split('\n').join(' ').slice(0, 400)}). Check its configuration and version; apply again to retry.`, { reason: 'service-crashing' });
    }
    const elapsed = 1 - (deadline - Date.now()) / (health.timeoutS * 1000);
    report.progress(Math.min(0.99, elapsed), `waiting for ${health.describe}`);
    if (Date.now() + health.intervalS * 1000 > deadline) {
      throw new BcmError(
        'TIMEOUT',
        `${instance} did not become healthy within ${health.timeoutS} s (${health.describe}). Last answer: ${last.split('\n').slice(-2).join(' ') || 'none'}. Check its logs (journalctl in the container); apply again to retry.`,
      );
    }
    await new Promise((r) => setTimeout(r, health.intervalS * 1000));
  }
}
