import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVmCloudInit, trustNameFor } from '../../../src/main/multipass/cloud-init';

const run = promisify(execFile);

/** The VM's user-data as Debian's own cloud-init judges it (scripts/setup-test-env.sh installs it, disabled). */
describe("the VM's cloud-init passes Debian's `cloud-init schema`", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bcmt-mp-ci-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const check = async (name: string, text: string) => {
    const file = join(dir, `${name}.yaml`);
    await writeFile(file, text);
    return run('cloud-init', ['schema', '--config-file', file]).then(
      (r) => ({ ok: true, out: `${r.stdout}${r.stderr}` }),
      (err: { stdout?: string; stderr?: string }) => ({ ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` }),
    );
  };

  it('is valid for ordinary and odd names', async () => {
    for (const [vm, host] of [['bcm', 'desk'], ['bcm-node-2', "O'Brien's MacBook Pro.local"]] as const) {
      const res = await check(vm, buildVmCloudInit({ vmName: vm, trustName: trustNameFor(vm, host) }));
      expect(res, res.out).toMatchObject({ ok: true });
      expect(res.out).toMatch(/Valid cloud-config/);
    }
  }, 60_000);

  it('catches a broken document (the check is not a rubber stamp)', async () => {
    const res = await check('broken', buildVmCloudInit({ vmName: 'bcm', trustName: 'x' }).replace('lxd:\n  preseed:', 'lxd:\n  preseeds:'));
    expect(res.ok).toBe(false);
    expect(res.out).toMatch(/lxd/);
  }, 60_000);
});
