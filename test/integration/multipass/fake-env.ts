import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The FAKE multipass (test/fakes/multipass): a stand-in for the snap-only CLI, see its header. */
export const FAKE_MULTIPASS = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'fakes', 'multipass', 'multipass');

export interface FakeHost {
  daemon?: 'running' | 'stopped';
  kvm?: boolean;
  freeDiskBytes?: number;
  memoryBytes?: number;
  timeScale?: number;
  bootSeconds?: number;
  cloudInit?: 'ok' | 'fail';
}

/** A throwaway state folder for the FAKE, made the one the FAKE uses (through the environment). */
export async function fakeMultipassHome(host: FakeHost = {}): Promise<{ dir: string; setHost(h: FakeHost): Promise<void>; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'bcmt-mp-fake-'));
  process.env.BCM_FAKE_MULTIPASS_HOME = dir;
  const setHost = (h: FakeHost) => writeFile(join(dir, 'host.json'), JSON.stringify({ timeScale: 0.1, bootSeconds: 0.3, ...h }));
  await setHost(host);
  return { dir, setHost, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function fake(...args: string[]): string {
  return execFileSync(FAKE_MULTIPASS, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

export function lxc(...args: string[]): string {
  return execFileSync('lxc', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
}

export function serverFingerprint(): string {
  return (JSON.parse(lxc('query', '/1.0')) as { environment: { certificate_fingerprint: string } }).environment.certificate_fingerprint;
}

/** Whatever this file's tests left on the real LXD: trust entries and pending tokens named bcmt-mp-*, and these fingerprints. */
export function cleanupTrust(fingerprints: string[]): void {
  const certs = JSON.parse(lxc('query', '/1.0/certificates?recursion=1')) as Array<{ name: string; fingerprint: string }>;
  for (const c of certs) {
    if (fingerprints.includes(c.fingerprint) || c.name.startsWith('bcmt-mp-')) {
      try {
        lxc('config', 'trust', 'remove', c.fingerprint);
      } catch {
        // gone meanwhile
      }
    }
  }
  const tokens = JSON.parse(lxc('config', 'trust', 'list-tokens', '--format', 'json')) as Array<{ ClientName: string }>;
  for (const t of tokens) {
    if (t.ClientName.startsWith('bcmt-mp-')) {
      try {
        lxc('config', 'trust', 'revoke-token', t.ClientName);
      } catch {
        // used meanwhile
      }
    }
  }
}

export function pendingTokens(prefix: string): string[] {
  return (JSON.parse(lxc('config', 'trust', 'list-tokens', '--format', 'json')) as Array<{ ClientName: string }>).map((t) => t.ClientName).filter((n) => n.startsWith(prefix));
}

export function trustedNames(prefix: string): string[] {
  return (JSON.parse(lxc('query', '/1.0/certificates?recursion=1')) as Array<{ name: string }>).map((c) => c.name).filter((n) => n.startsWith(prefix));
}
