import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { LocalDetection } from '../../shared/endpoints';
import { mapTransportError } from './errors';
import { readAll } from './transport';

/** Where `lxc` looks for the local daemon, in its order. */
export function localSocketCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const out: string[] = [];
  if (env.LXD_SOCKET) out.push(env.LXD_SOCKET);
  if (env.LXD_DIR) out.push(path.join(env.LXD_DIR, 'unix.socket'));
  out.push('/var/lib/lxd/unix.socket', '/var/snap/lxd/common/lxd/unix.socket');
  return [...new Set(out)];
}

function probe(socketPath: string, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const req = http.request(
      { socketPath, path: '/1.0', method: 'GET', headers: { Host: 'lxd' }, agent: false },
      (res) => {
        readAll(res).then(() => {
          if ((res.statusCode ?? 0) === 200) resolve();
          else
            reject(Object.assign(new Error(`GET /1.0 answered HTTP ${res.statusCode ?? 0}`), { code: 'EBADRESPONSE' }));
        }, reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('no answer'), { code: 'ECONNREFUSED' })));
    req.on('error', reject);
    req.end();
  });
}

/** Turns a transport error on a found socket into a detection result. */
export function detectionFromError(socketPath: string, err: unknown): LocalDetection {
  const mapped = mapTransportError(err, { kind: 'unix', socketPath });
  switch (mapped.code) {
    case 'PERMISSION_DENIED':
      return {
        state: 'no-permission',
        socketPath,
        message: `LXD is running, but this user may not use its socket ${socketPath}.`,
        nextStep:
          'Add yourself to the lxd group: `sudo usermod -aG lxd $USER`, then log out and back in (or run `newgrp lxd`).',
      };
    case 'LXD_MISSING':
      return missing([socketPath]);
    default:
      return {
        state: 'not-running',
        socketPath,
        message: `LXD is installed (socket ${socketPath}) but the daemon does not answer${mapped.detail?.cause ? ` (${String(mapped.detail.cause)})` : ''}.`,
        nextStep: socketPath.startsWith('/var/snap/')
          ? 'Start it: `sudo snap start lxd`, then `sudo lxd init` if it was never set up.'
          : 'Start it: `sudo systemctl start lxd` (or `sudo lxd --group lxd &` without systemd), then `sudo lxd init` if it was never set up.',
      };
  }
}

function missing(candidates: string[]): LocalDetection {
  return {
    state: 'missing',
    message: `LXD is not installed on this computer (no socket at ${candidates.join(', ')}).`,
    nextStep:
      'Install it: `sudo apt install lxd` (Debian 12+) or `sudo snap install lxd`, then run `sudo lxd init --auto` and add yourself to the lxd group.',
  };
}

/**
 * Finds the local LXD daemon as `lxc` would. The first candidate that answers GET /1.0 is ready;
 * otherwise the first socket that exists explains what is wrong; otherwise LXD is missing.
 */
export async function findLocalSocket(
  env: NodeJS.ProcessEnv = process.env,
  options: { timeoutMs?: number; candidates?: string[] } = {},
): Promise<LocalDetection> {
  const candidates = options.candidates ?? localSocketCandidates(env);
  const timeoutMs = options.timeoutMs ?? 5000;
  let firstProblem: LocalDetection | undefined;
  for (const socketPath of candidates) {
    if (!existsSync(socketPath)) continue;
    try {
      await probe(socketPath, timeoutMs);
      return { state: 'ready', socketPath, message: `LXD answers on ${socketPath}.` };
    } catch (err) {
      firstProblem ??= detectionFromError(socketPath, err);
    }
  }
  return firstProblem ?? missing(candidates);
}
