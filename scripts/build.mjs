// Builds the renderer (Vite) and the main-process entries (esbuild) into dist/.
//   dist/renderer/        the React UI
//   dist/main/host.js     the browser host (node dist/main/host.js)
//   dist/main/electron.js the Electron main process
//   dist/main/preload.cjs the sandboxed preload (CommonJS: sandboxed preloads cannot be ESM)
//   dist/main/bcm.js      the command-line entry (later issues)
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { buildIsCurrent, buildStamp, STAMP_FILE } from './build-stamp.mjs';

const started = Date.now();
// `--if-changed` (npm start): nothing to do when dist/ was built from these very sources
if (process.argv.includes('--if-changed') && buildIsCurrent(process.cwd())) {
  console.log(`[bcm] build is up to date (checked in ${((Date.now() - started) / 1000).toFixed(2)} s)`);
  process.exit(0);
}
// the built-in components' manifests (apps/builtin/*.yaml) as the module the renderer and main import
execFileSync(process.execPath, ['scripts/gen-builtin-manifests.mjs'], { stdio: 'inherit' });
const stamp = buildStamp(process.cwd());
await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
};
const entries = [
  { in: 'src/main/host/cli.ts', out: 'host' },
  { in: 'src/main/electron/main.ts', out: 'electron' },
].filter((e) => existsSync(e.in));
await esbuild({
  ...common,
  format: 'esm',
  entryPoints: entries,
  outdir: 'dist/main',
  outExtension: { '.js': '.js' },
  external: ['electron'],
});
await esbuild({
  ...common,
  packages: undefined,
  format: 'cjs',
  entryPoints: { preload: 'src/main/electron/preload.ts' },
  outdir: 'dist/main',
  outExtension: { '.js': '.cjs' },
  external: ['electron'],
});
// the `bcm` command (backup/restore for headless servers); package.json "bin" points here
await esbuild({
  ...common,
  format: 'esm',
  entryPoints: { bcm: 'src/main/cli/bcm.ts' },
  outdir: 'dist/main',
  banner: { js: '#!/usr/bin/env node' },
});
// the apps BCM ships as manifests (issue 14): src/main/apps/registry.ts reads them from dist/apps
cpSync('apps', 'dist/apps', { recursive: true });
writeFileSync(STAMP_FILE, `${stamp}\n`);
console.log(`[bcm] built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
