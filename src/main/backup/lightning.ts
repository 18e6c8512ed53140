import { createHash } from 'node:crypto';
import { BcmError } from '../../shared/errors';
import type { LxdClient } from '../lxd';

/**
 * Where each Lightning implementation keeps what recovers it inside its container (one place for
 * these paths). lnd rewrites `channel.backup` on every channel change (its seed is the owner's 24
 * words, never on disk in the clear). Core Lightning keeps `emergency.recover` (its static backup,
 * for `lightningd --recover` / `emergencyrecover`) next to its `hsm_secret`, the node's root key,
 * without which the channel backup recovers nothing: both go into the (encrypted) archive.
 */
export const LIGHTNING_NODES = [
  {
    implementation: 'lnd',
    container: 'lnd',
    networks: ['mainnet', 'testnet', 'testnet4', 'signet', 'regtest', 'simnet'],
    paths: (network: string) => [`/var/lib/lnd/data/chain/bitcoin/${network}/channel.backup`],
  },
  {
    implementation: 'clightning',
    container: 'clightning',
    // Core Lightning names the mainnet folder "bitcoin"
    networks: ['bitcoin', 'testnet', 'testnet4', 'signet', 'regtest'],
    paths: (network: string) => [`/var/lib/clightning/${network}/emergency.recover`, `/var/lib/clightning/${network}/hsm_secret`],
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
      for (const sourcePath of node.paths(network)) {
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
  }
  return out;
}
