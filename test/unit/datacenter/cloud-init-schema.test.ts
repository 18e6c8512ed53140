import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allVariants, recipesOf } from './recipe-fixtures';

const run = promisify(execFile);

/**
 * Every user-data the recipes generate, for every chain and backend, is valid cloud-config as
 * Debian's own cloud-init (`cloud-init schema`) judges it. scripts/setup-test-env.sh installs
 * cloud-init on the test machine (disabled there: only its schema checker is used).
 */
describe('generated user-data passes Debian\'s `cloud-init schema`', () => {
  let dir: string;
  const docs = new Map<string, string>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bcmt-art-ci-'));
    for (const spec of allVariants()) {
      for (const [name, { recipe }] of Object.entries(recipesOf(spec))) {
        const key = createHash('sha256').update(recipe.userData).digest('hex').slice(0, 12);
        if (![...docs.keys()].some((k) => k.endsWith(key))) docs.set(`${name}-${spec.chain}-${key}`, recipe.userData);
      }
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('has cloud-init installed (setup-test-env.sh installs it)', async () => {
    const { stdout, stderr } = await run('cloud-init', ['--version']).catch((err: unknown) => {
      throw new Error(`cloud-init is needed for this test: apt-get install cloud-init (scripts/setup-test-env.sh does). ${String(err)}`);
    });
    expect(`${stdout}${stderr}`).toMatch(/cloud-init \d+\./);
  });

  it('every distinct user-data is valid', async () => {
    expect(docs.size).toBeGreaterThanOrEqual(5); // gateway, btcd, bitcoind, lnd, clightning
    const names = [...docs.keys()];
    const results: Array<{ name: string; ok: boolean; out: string }> = [];
    // two at a time: each check starts a Python interpreter
    for (let i = 0; i < names.length; i += 2) {
      results.push(
        ...(await Promise.all(
          names.slice(i, i + 2).map(async (name) => {
            const file = join(dir, `${name}.yaml`);
            await writeFile(file, docs.get(name)!);
            const res = await run('cloud-init', ['schema', '--config-file', file]).then(
              (r) => ({ ok: true, out: `${r.stdout}${r.stderr}` }),
              (err: { stdout?: string; stderr?: string }) => ({ ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` }),
            );
            return { name, ...res };
          }),
        )),
      );
    }
    const bad = results.filter((r) => !r.ok || !/Valid cloud-config/.test(r.out));
    expect(bad.map((b) => `${b.name}: ${b.out.trim()}`)).toEqual([]);
  }, 120_000);

  it('a broken document is caught (the check is not a rubber stamp)', async () => {
    const file = join(dir, 'broken.yaml');
    await writeFile(file, '#cloud-config\nusers: []\nruncmd: 5\n');
    await expect(run('cloud-init', ['schema', '--config-file', file])).rejects.toMatchObject({ stderr: expect.stringMatching(/runcmd|users/) as unknown });
  });
});
