import { createHash } from 'node:crypto';
import { BcmError } from '../../shared/errors';
import type { LxdClient } from '../lxd';

/**
 * Where each Lightning implementation keeps its static channel backup inside its container (one
 * place for these paths). lnd rewrites `channel.backup` on every channel change; Core
 * Lightning keeps `emergency.recover` (its static backup, for `lightningd --recover` / `clnrest`
 * `emergencyrecover`) next to its hsm_secret.
 */
export const LIGHTNING_NODES = [
  {
    implementation: 'lnd',
    container: 'lnd',
    networks: ['mainnet', 'testnet', 'testnet4', 'signet', 'regtest', 'simnet'],
    path: (network: string) => `/var/lib/lnd/data/chain/bitcoin/${network}/channel.backup`,
  },
  {
    implementation: 'clightning',
    container: 'clightning',
    // Core Lightning names the mainnet folder "bitcoin"
    networks: ['bitcoin', 'testnet', 'testnet4', 'signet', 'regtest'],
    path: (network: string) => `/var/lib/clightning/${network}/emergency.recover`,
  },
] as const;

export type LightningImplementation = (typeof LIGHTNING_NODES)[number]['implementation'];

/** the LXD project of a datacenter (the datacenter spec's convention: bcm-<name>) */
export function datacenterProject(datacenter: string): string {
  return `bcm-${datacenter}`;
}

/** A static channel backup is a few KiB; anything this big is not one. */
const MAX_SCB_BYTES = 64 * 1024 * 1024;

export interface PulledChannelBackup {
  node: string;
  implementation: LightningImplementation;
  network: string;
  sourcePath: string;
  data: Buffer;
  sha256: string;
}

async function readLimited(stream: AsyncIterable<Buffer | Uint8Array | string>, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    size += buf.length;
    if (size > MAX_SCB_BYTES) throw new BcmError('VALIDATION', `${what} is larger than ${MAX_SCB_BYTES >> 20} MiB: not a static channel backup.`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/**
 * Pulls every static channel backup of the Lightning containers in one LXD project through the
 * LXD files API. A container or network folder that is not there is skipped; an instance that
 * exists but whose file cannot be read is an error (the caller reports it).
 */
export async function pullChannelBackups(
  client: LxdClient,
  project: string,
  options: { signal?: AbortSignal } = {},
): Promise<PulledChannelBackup[]> {
  const present = new Set((await client.instances.list({ project, recursion: 1, ...(options.signal ? { signal: options.signal } : {}) })).map((i) => i.name));
  const out: PulledChannelBackup[] = [];
  for (const node of LIGHTNING_NODES) {
    if (!present.has(node.container)) continue;
    for (const network of node.networks) {
      const sourcePath = node.path(network);
      let pulled: Awaited<ReturnType<LxdClient['files']['pull']>>;
      try {
        pulled = await client.files.pull(node.container, sourcePath, { project, ...(options.signal ? { signal: options.signal } : {}) });
      } catch (err) {
        if (err instanceof BcmError && err.code === 'NOT_FOUND') continue;
        throw err;
      }
      const data = await readLimited(pulled.stream, `${node.container}:${sourcePath}`);
      out.push({
        node: node.container,
        implementation: node.implementation,
        network,
        sourcePath,
        data,
        sha256: createHash('sha256').update(data).digest('hex'),
      });
    }
  }
  return out;
}
