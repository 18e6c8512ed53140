import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, manifestSchema, type Manifest } from '../../shared/channels/store';
import { BcmError } from '../../shared/errors';

/**
 * The archive's layout (a tar inside age):
 *   bcm-backup/manifest.json                       first, so a restore can show it before reading on
 *   bcm-backup/store/<path in ~/.bcm>              the whole store, .git included
 *   bcm-backup/channels/<dc>/<node>/<network>/<file>  each Lightning node's static channel backup
 */
export const ROOT = 'bcm-backup';
export const MANIFEST_ENTRY = `${ROOT}/manifest.json`;
export const STORE_PREFIX = `${ROOT}/store/`;
export const CHANNELS_PREFIX = `${ROOT}/channels/`;

export function channelMemberPath(datacenter: string, node: string, network: string, sourcePath: string): string {
  const file = sourcePath.split('/').pop() ?? 'channel.backup';
  return `${CHANNELS_PREFIX}${datacenter}/${node}/${network}/${file}`;
}

/** A member path that could escape the folder it is extracted into is refused. */
export function isSafeMemberPath(path: string): boolean {
  if (path.length === 0 || path.length > 4096 || path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  const parts = path.replace(/\/$/, '').split('/');
  return parts.every((p) => p !== '' && p !== '.' && p !== '..') && parts[0] === ROOT;
}

/**
 * Parses the manifest. An archive from a newer BCM is refused with a way forward; anything that
 * is not a BCM manifest is reported as such.
 */
export function parseManifest(text: string, what: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BcmError('VALIDATION', `${what} has an unreadable manifest: it was not made by BCM, or it is damaged. Nothing was changed.`);
  }
  const head = json as { format?: unknown; formatVersion?: unknown; app?: { version?: unknown } } | null;
  if (head?.format !== BACKUP_FORMAT) {
    throw new BcmError('VALIDATION', `${what} is not a BCM backup (its manifest has no "${BACKUP_FORMAT}" format). Nothing was changed.`);
  }
  if (typeof head.formatVersion === 'number' && head.formatVersion > BACKUP_FORMAT_VERSION) {
    const by = typeof head.app?.version === 'string' ? ` by BCM ${head.app.version}` : '';
    throw new BcmError(
      'VALIDATION',
      `${what} was made${by} in backup format ${head.formatVersion}; this BCM reads format ${BACKUP_FORMAT_VERSION}. Update BCM, then restore it. Nothing was changed.`,
      { formatVersion: head.formatVersion },
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BcmError('VALIDATION', `${what} has a malformed manifest (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}). Nothing was changed.`);
  }
  for (const m of parsed.data.members) {
    if (!isSafeMemberPath(m.path) || m.path === MANIFEST_ENTRY) {
      throw new BcmError('VALIDATION', `${what} lists an unsafe member path (${m.path}): it was tampered with. Nothing was changed.`);
    }
  }
  return parsed.data;
}

export interface ExtractedMember {
  path: string;
  size: number;
  sha256: string;
}

/**
 * Compares what was extracted with what the manifest promised: every member present with its
 * size and SHA-256, nothing extra. Returns the problems in words (empty = verified).
 */
export function verifyMembers(manifest: Manifest, extracted: ReadonlyMap<string, ExtractedMember>): string[] {
  const problems: string[] = [];
  const expected = new Set<string>();
  for (const m of manifest.members) {
    expected.add(m.path);
    const got = extracted.get(m.path);
    if (!got) problems.push(`${m.path} is missing`);
    else if (got.size !== m.size) problems.push(`${m.path} has ${got.size} bytes, the manifest says ${m.size}`);
    else if (got.sha256 !== m.sha256) problems.push(`${m.path} does not match its SHA-256 in the manifest`);
  }
  for (const path of extracted.keys()) if (!expected.has(path)) problems.push(`${path} is not in the manifest`);
  return problems;
}

/** "2 endpoints, 1 datacenter, 3 secrets, 42 history objects" — for the UI and the CLI. */
export function summarise(manifest: Manifest): { endpoints: number; datacenters: number; secrets: number; history: number; other: number; channelBackups: number } {
  const counts = { endpoints: 0, datacenters: 0, secrets: 0, history: 0, other: 0, channelBackups: manifest.channelBackups.length };
  for (const m of manifest.members) {
    if (m.kind !== 'store') continue;
    const rel = m.path.slice(STORE_PREFIX.length);
    if (rel.startsWith('endpoints/')) counts.endpoints++;
    else if (rel.startsWith('datacenters/')) counts.datacenters++;
    else if (rel.startsWith('secrets/')) counts.secrets++;
    else if (rel.startsWith('.git/')) counts.history++;
    else counts.other++;
  }
  return counts;
}
