import { execFileSync } from 'node:child_process';

/** Thin wrappers around the `lxc` CLI, to set up and check what the UI did. */
export function lxc(...args: string[]): string {
  return execFileSync('lxc', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

export function instanceStatus(name: string): string | undefined {
  const list = JSON.parse(lxc('list', name, '--format', 'json')) as { name: string; status: string }[];
  return list.find((i) => i.name === name)?.status;
}

/** The server certificate fingerprint, as `lxc info` prints it. */
export function serverFingerprint(): string {
  const match = /certificate_fingerprint:\s*([0-9a-f]{64})/.exec(lxc('info'));
  if (!match?.[1]) throw new Error('`lxc info` printed no certificate_fingerprint');
  return match[1];
}

export function trustedFingerprints(): string[] {
  const list = JSON.parse(lxc('config', 'trust', 'list', '--format', 'json')) as { fingerprint: string }[];
  return list.map((c) => c.fingerprint);
}

export function tryLxc(...args: string[]): void {
  try {
    lxc(...args);
  } catch {
    // cleanup: already gone is fine
  }
}

/** Whether the test LXD has the image `alias` (the e2e specs that deploy skip without it). */
export function hasImage(alias: string): boolean {
  try {
    execFileSync('lxc', ['image', 'show', alias], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}
