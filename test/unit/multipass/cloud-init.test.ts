import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildVmCloudInit, TOKEN_PATH, TOKEN_SCRIPT, trustNameFor } from '../../../src/main/multipass/cloud-init';

interface Doc {
  packages: string[];
  snap: { commands: string[] };
  lxd: { preseed: string };
  write_files: Array<{ path: string; permissions: string; content: string }>;
  runcmd: string[][];
}

describe('the VM’s cloud-init (pure)', () => {
  const text = buildVmCloudInit({ vmName: 'bcm', trustName: 'bcm-desk' });
  const doc = parse(text) as Doc;

  it('is cloud-config with a header saying what it is', () => {
    expect(text.startsWith('#cloud-config\n')).toBe(true);
    expect(text).toContain('multipass VM "bcm"');
  });

  it('installs LXD from the LTS track and initialises it by preseed: pool, bridge, HTTPS', () => {
    expect(doc.snap.commands.join(' ')).toContain('--channel=5.21/stable');
    const preseed = parse(doc.lxd.preseed) as { config: Record<string, string>; networks: Array<{ name: string; config: Record<string, string> }>; storage_pools: Array<{ name: string }>; profiles: Array<{ devices: Record<string, Record<string, string>> }> };
    expect(preseed.config['core.https_address']).toBe('[::]:8443');
    expect(preseed.networks[0]).toMatchObject({ name: 'lxdbr0', config: { 'ipv4.nat': 'true' } });
    expect(preseed.storage_pools[0]?.name).toBe('default');
    expect(preseed.profiles[0]?.devices.root).toMatchObject({ pool: 'default', path: '/' });
  });

  it('installs Tor', () => {
    expect(doc.packages).toContain('tor');
    expect(doc.runcmd).toContainEqual(['systemctl', 'enable', '--now', 'tor']);
  });

  it('makes a one-time token for this computer in a root-only file, after LXD is ready', () => {
    const script = doc.write_files.find((f) => f.path === TOKEN_SCRIPT);
    expect(script?.permissions).toBe('0755');
    expect(script?.content).toContain("lxc config trust add --name 'bcm-desk'");
    expect(script?.content.indexOf('lxd waitready')).toBeLessThan(script?.content.indexOf('trust add') ?? 0);
    expect(script?.content).toContain('umask 077');
    expect(script?.content).toContain(`mv ${TOKEN_PATH}.new ${TOKEN_PATH}`);
    expect(doc.runcmd).toContainEqual([TOKEN_SCRIPT]);
  });

  it('holds no secret: no trust password, no key, no token', () => {
    expect(text).not.toMatch(/trust_password|PRIVATE KEY|password:/i);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9+/=]{40,}/);
  });

  it('quotes the trust name for the shell', () => {
    expect(buildVmCloudInit({ vmName: 'x', trustName: "a'b" })).toContain(`--name 'a'\\''b'`);
  });

  it('names the trust entry after the VM and this computer', () => {
    expect(trustNameFor('bcm', 'My-Laptop.local')).toBe('bcm-my-laptop-local');
    expect(trustNameFor('bcm', '___')).toBe('bcm');
    expect(trustNameFor('vm', 'x'.repeat(80))).toHaveLength(33);
  });
});
