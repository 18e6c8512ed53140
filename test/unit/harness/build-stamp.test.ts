import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { BUILD_OUTPUTS, STAMP_FILE, buildIsCurrent, buildStamp } from '../../../scripts/build-stamp.mjs';

describe('npm start builds only when the sources changed', () => {
  let root: string;
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'bcm-stamp-'));
    write('src/main/a.ts', 'export const a = 1;\n');
    write('src/renderer/index.html', '<html></html>\n');
    write('package-lock.json', '{}\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('gives the same stamp for the same contents and another for any change, rename or new file', () => {
    const first = buildStamp(root);
    expect(buildStamp(root)).toBe(first);
    write('src/main/a.ts', 'export const a = 2;\n');
    const changed = buildStamp(root);
    expect(changed).not.toBe(first);
    write('src/main/b.ts', '');
    expect(buildStamp(root)).not.toBe(changed);
  });

  it('calls dist/ current only with every output and the stamp of these sources', () => {
    expect(buildIsCurrent(root)).toBe(false);
    for (const out of BUILD_OUTPUTS as string[]) write(out, 'built');
    expect(buildIsCurrent(root)).toBe(false); // no stamp yet
    write(STAMP_FILE as string, `${buildStamp(root) as string}\n`);
    expect(buildIsCurrent(root)).toBe(true);
    write('src/renderer/index.html', '<html><body></body></html>\n');
    expect(buildIsCurrent(root)).toBe(false);
  });
});
