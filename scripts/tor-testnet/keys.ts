import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseCertificateExpiry, parseCertificateIdentity, parseListFingerprint } from './config';

const run = promisify(execFile);

/**
 * Node keys of the private network, generated once and cached under
 * ~/.cache/bcm/tor-testnet/keys/<nick>/ (authority keys with tor-gencert, relay identities with
 * `tor --list-fingerprint`). A run copies them into fresh data directories.
 */

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_CACHE_HOME'] && env['XDG_CACHE_HOME'] !== '' ? env['XDG_CACHE_HOME'] : join(homedir(), '.cache');
  return join(base, 'bcm', 'tor-testnet');
}

export interface NodeKeys {
  /** a folder whose files go into <DataDirectory>/keys */
  keysDir: string;
  fingerprint: string;
  /** authorities only */
  v3ident?: string;
}

async function readIf(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The keys of one node, from the cache or made now. The authority certificate names a dir
 * address; Tor uses the DirAuthority line's address instead, so the cached one can be reused
 * with other ports.
 */
export async function nodeKeys(opts: { nick: string; authority: boolean; torPath: string; gencertPath: string; cache?: string }): Promise<NodeKeys & { generated: boolean }> {
  const dir = join(opts.cache ?? cacheRoot(), 'keys', opts.nick);
  const keysDir = join(dir, 'keys');
  const fingerprint = (await readIf(join(dir, 'fingerprint')))?.trim();
  const cert = opts.authority ? await readIf(join(keysDir, 'authority_certificate')) : undefined;
  const v3ident = cert ? parseCertificateIdentity(cert) : undefined;
  const expires = cert ? parseCertificateExpiry(cert) : undefined;
  const fresh = !opts.authority || (expires !== undefined && expires.getTime() - Date.now() > 30 * 86_400_000);
  if (fingerprint && /^[0-9A-F]{40}$/.test(fingerprint) && fresh && (!opts.authority || v3ident)) {
    return v3ident ? { keysDir, fingerprint, v3ident, generated: false } : { keysDir, fingerprint, generated: false };
  }

  await rm(dir, { recursive: true, force: true });
  const work = await mkdtemp(join(tmpdir(), `bcm-tor-keys-${opts.nick}-`));
  try {
    const workKeys = join(work, 'keys');
    await mkdir(workKeys, { recursive: true, mode: 0o700 });
    let made: string | undefined;
    if (opts.authority) {
      await new Promise<void>((resolve, reject) => {
        const child = execFile(
          opts.gencertPath,
          ['--create-identity-key', '--passphrase-fd', '0', '-m', '24', '-a', '127.0.0.1:7000'],
          { cwd: workKeys },
          (err) => (err ? reject(err) : resolve()),
        );
        child.stdin?.end('\n');
      });
      made = parseCertificateIdentity(await readFile(join(workKeys, 'authority_certificate'), 'utf8'));
      if (!made) throw new Error(`tor-gencert wrote no v3 identity for ${opts.nick}`);
    }
    const { stdout } = await run(opts.torPath, [
      '--list-fingerprint',
      '--DataDirectory',
      work,
      '--ORPort',
      '1',
      '--Nickname',
      opts.nick,
      '--ignore-missing-torrc',
      '-f',
      '/dev/null',
    ]);
    const fp = parseListFingerprint(stdout, opts.nick);
    if (!fp) throw new Error(`tor --list-fingerprint printed no fingerprint for ${opts.nick}`);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await cp(workKeys, keysDir, { recursive: true });
    await writeFile(join(dir, 'fingerprint'), `${fp}\n`);
    return made ? { keysDir, fingerprint: fp, v3ident: made, generated: true } : { keysDir, fingerprint: fp, generated: true };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Copies cached keys into a node's data directory (keys/ 0700, files 0600 as Tor wants). */
export async function installKeys(keys: NodeKeys, dataDir: string): Promise<void> {
  const target = join(dataDir, 'keys');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700);
  await cp(keys.keysDir, target, { recursive: true });
  await chmod(target, 0o700);
  for (const name of await readdir(target)) await chmod(join(target, name), 0o600);
}
