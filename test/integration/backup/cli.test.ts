import { execFile } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupService } from '../../../src/main/backup/service';
import { BcmStore } from '../../../src/main/store/bcm-store';
import { SecretStore } from '../../../src/main/store/secrets';
import { cleanup, PASSPHRASE, populatedStore, snapshot, tempDir } from '../../unit/backup/helpers';

const run = promisify(execFile);
const CLI = resolve('src/main/cli/bcm.ts');

async function bcm(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('`bcm backup` and `bcm restore` for headless servers', () => {
  let base: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    base = await tempDir('bcm-bk-cli-');
    await populatedStore(join(base, '.bcm'));
    await writeFile(join(base, 'pass'), `${PASSPHRASE}\n`, { mode: 0o600 });
    env = { BCM_HOME: join(base, '.bcm') };
  });
  afterAll(async () => cleanup(base));

  it('backs up, inspects and restores with a passphrase file (what cron would run)', async () => {
    const before = await snapshot(join(base, '.bcm'), [], true); // modes as a restore sets them
    const made = await bcm(env, 'backup', '--folder', join(base, 'out'), '--passphrase-file', join(base, 'pass'));
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^Wrote .*bcm-backup-.*\.age/);
    const [name] = await readdir(join(base, 'out'));
    const archive = join(base, 'out', name!);

    const listed = await bcm(env, 'backups', '--folder', join(base, 'out'));
    expect(listed.stdout).toContain(archive);
    const inspected = await bcm(env, 'inspect', archive, '--passphrase-file', join(base, 'pass'));
    expect(inspected.stdout).toMatch(/2 endpoint file\(s\), 1 datacenter spec\(s\), 2 secret\(s\)/);

    const refused = await bcm(env, 'restore', archive, '--passphrase-file', join(base, 'pass'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--yes/);

    const restored = await bcm(env, 'restore', archive, '--passphrase-file', join(base, 'pass'), '--yes');
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/every one matched its SHA-256/);
    expect(restored.stdout).toMatch(/kept at .*\.bcm\.before-restore-/);
    expect(await snapshot(join(base, '.bcm'), ['state'])).toEqual(before);
  });

  it('a wrong passphrase exits 1 with the reason; bad usage exits 2', async () => {
    const [name] = await readdir(join(base, 'out'));
    const wrong = await bcm({ ...env, BCM_BACKUP_PASSPHRASE: 'not the passphrase' }, 'inspect', join(base, 'out', name!));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/passphrase does not open/);
    expect((await bcm(env, 'frobnicate')).code).toBe(2);
  });

  it('`--to-key` encrypts to the backup key (no secret needed, for cron); `--identity` opens the archive', async () => {
    const noKey = await bcm(env, 'backup', '--folder', join(base, 'keyed'), '--to-key');
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/No backup key is set up/);
    const store = new BcmStore(join(base, '.bcm'));
    const service = new BackupService({ store, secrets: new SecretStore(store.dirs), appVersion: 'test', clientFor: () => Promise.reject(new Error('none')) });
    const key = await service.generateKey();
    await service.setKey({ source: 'generated', recipient: key.recipient });
    await writeFile(join(base, 'identity.txt'), key.fileText, { mode: 0o600 });
    const made = await bcm(env, 'backup', '--folder', join(base, 'keyed'), '--to-key');
    expect(made.code, made.stderr).toBe(0);
    const [name] = await readdir(join(base, 'keyed'));
    const archive = join(base, 'keyed', name!);
    const opened = await bcm(env, 'inspect', archive, '--identity', join(base, 'identity.txt'));
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stdout).toMatch(/1 datacenter spec\(s\)/);
    const withPassphrase = await bcm(env, 'inspect', archive, '--passphrase-file', join(base, 'pass'));
    expect(withPassphrase.code).toBe(1);
    expect(withPassphrase.stderr).toMatch(/encrypted to a backup key/);
  });
});
