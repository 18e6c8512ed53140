import { z } from 'zod';
import { artifacts as catalogArtifacts } from '../../../shared/datacenter/artifacts';
import { artifactOverrideSchema, type ArtifactOverride } from '../../../shared/datacenter/spec';

export type Overrides = Record<string, ArtifactOverride>;

export type ParsedOverrides = { ok: true; overrides: Overrides } | { ok: false; error: string };

const artifactNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'Artifact names are lower-case, like "btcd" or "lnd"');

/**
 * Reads local artifact overrides as `scripts/build-test-artifacts.sh` writes them (overrides.json):
 * `{"btcd": {"version": "0.24.2-localbuild", "sha256": "<64 hex>"}, ...}`. Hashes are lower-cased;
 * anything else is refused with a sentence that names the entry.
 */
export function parseOverrides(text: string): ParsedOverrides {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'Paste the contents of an overrides.json file, or choose the file.' };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `This is not JSON: ${reason}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      error: 'Expected an object of artifacts by name, like {"btcd": {"version": "…", "sha256": "…"}}.',
    };
  }
  const overrides: Overrides = {};
  for (const [name, entry] of Object.entries(value)) {
    const nameCheck = artifactNameSchema.safeParse(name);
    if (!nameCheck.success)
      return { ok: false, error: `"${name}": ${nameCheck.error.issues[0]?.message ?? 'not a valid name'}` };
    const normalised =
      typeof entry === 'object' && entry !== null && 'sha256' in entry && typeof entry.sha256 === 'string'
        ? { ...entry, sha256: entry.sha256.trim().toLowerCase() }
        : entry;
    const parsed = artifactOverrideSchema.safeParse(normalised);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue && issue.path.length > 0 ? `.${issue.path.join('.')}` : '';
      return { ok: false, error: `"${name}"${field}: ${issue?.message ?? 'not a valid artifact'}` };
    }
    overrides[name] = { version: parsed.data.version, sha256: parsed.data.sha256 };
  }
  if (Object.keys(overrides).length === 0) return { ok: false, error: 'The file lists no artifacts.' };
  return { ok: true, overrides };
}

export interface OverrideRow {
  name: string;
  version: string;
  sha256: string;
  /** the catalog's release it replaces, if the catalog knows the name */
  replaces?: string;
  /** the spec does not use this artifact (kept, but it does nothing) */
  unused: boolean;
}

/** Rows for the table, sorted by name. `used` lists the artifacts the spec's components install. */
export function overrideRows(overrides: Overrides, used: readonly string[]): OverrideRow[] {
  return Object.entries(overrides)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, o]) => {
      const row: OverrideRow = { name, version: o.version, sha256: o.sha256, unused: !used.includes(name) };
      const release = catalogArtifacts[name];
      if (release) row.replaces = release.version;
      return row;
    });
}

/** "a681e4f6…58bb6c" */
export function shortHash(sha256: string): string {
  return sha256.length <= 16 ? sha256 : `${sha256.slice(0, 8)}…${sha256.slice(-6)}`;
}
