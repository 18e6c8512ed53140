// What the build is made from, as one hash: `npm start` rebuilds only when it changed (issue 15:
// a rebuild took 2.9 s of the 4.5 s to the URL on every start). Contents, not times, so a checkout
// or a copy that keeps the files keeps the stamp.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** the build's inputs, relative to the project root */
export const BUILD_INPUTS = ['src', 'assets', 'apps', 'index.html', 'package-lock.json', 'vite.config.ts', 'tsconfig.base.json', 'tsconfig.json', 'tsconfig.renderer.json', 'scripts/build.mjs', 'scripts/gen-builtin-manifests.mjs'];
export const STAMP_FILE = 'dist/.build-stamp';
/** what a start needs from dist/ */
export const BUILD_OUTPUTS = ['dist/renderer/index.html', 'dist/main/host.js', 'dist/main/electron.js', 'dist/main/preload.cjs', 'dist/main/bcm.js'];

function files(root, path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full)
    .sort()
    .flatMap((name) => files(root, join(path, name)));
}

/** sha256 over every input file's path and contents, in a fixed order */
export function buildStamp(root, inputs = BUILD_INPUTS) {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap((p) => files(root, p))) {
    hash.update(relative(root, join(root, file)));
    hash.update('\0');
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** true when dist/ holds every output and was built from exactly these inputs */
export function buildIsCurrent(root) {
  const stampFile = join(root, STAMP_FILE);
  if (!existsSync(stampFile) || BUILD_OUTPUTS.some((o) => !existsSync(join(root, o)))) return false;
  return readFileSync(stampFile, 'utf8').trim() === buildStamp(root);
}
