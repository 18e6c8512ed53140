import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { builtinManifestSchema, type BuiltinManifest } from './builtin';
import { appManifestSchema, type AppManifest } from './manifest';

/** One problem of a manifest file, at its line and column (1-based) where the YAML has one. */
export interface ManifestIssue {
  line: number;
  column: number;
  /** the field's path, e.g. spec.containers.0.health */
  path: string;
  message: string;
}

export type ManifestParse<T = AppManifest> = { ok: true; manifest: T } | { ok: false; issues: ManifestIssue[] };

/** The deepest node of `path` that exists in the document: its start offset. */
function offsetOf(doc: Document, path: ReadonlyArray<PropertyKey>): number {
  for (let n = path.length; n >= 0; n--) {
    const keys = path.slice(0, n).map((k) => (typeof k === 'symbol' ? String(k) : k));
    const node: unknown = n === 0 ? doc.contents : doc.getIn(keys, true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

/** `ManifestIssue` as one line: "nostr-relay.yaml:12:7 spec.containers.0.size.cpus: …" */
export function formatIssue(file: string, issue: ManifestIssue): string {
  return `${file}:${issue.line}:${issue.column} ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

/**
 * Reads a manifest's YAML text and validates it. Every issue carries the line and column of the
 * value it is about (or of its nearest parent that exists, for a missing field).
 */
export function parseManifest(text: string): ManifestParse {
  return parseWith(appManifestSchema, text);
}

/** The same for a built-in component's manifest (apps/builtin/*.yaml, ./builtin.ts). */
export function parseBuiltinManifest(text: string): ManifestParse<BuiltinManifest> {
  return parseWith(builtinManifestSchema, text);
}

function parseWith<T>(schema: z.ZodType<T>, text: string): ManifestParse<T> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      issues: doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
        return { line: pos.line, column: pos.col, path: '', message: e.message.split('\n')[0] ?? e.message };
      }),
    };
  }
  const parsed = schema.safeParse(doc.toJS({ maxAliasCount: 50 }));
  if (parsed.success) return { ok: true, manifest: parsed.data };
  const issues = parsed.error.issues.map((i) => {
    const pos = lines.linePos(offsetOf(doc, i.path));
    // zod says "Invalid input: expected string, received undefined" of a field that is not there
    const missing = /^Invalid input: expected (\w+), received undefined$/.exec(i.message);
    return { line: pos.line, column: pos.col, path: i.path.map(String).join('.'), message: missing ? `Missing: add this field (a ${missing[1]}).` : i.message };
  });
  issues.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, issues };
}
