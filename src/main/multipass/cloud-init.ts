import { stringify } from 'yaml';

/** Where the VM's first boot leaves the one-time trust token (root only); BCM reads it with `multipass exec`. */
export const TOKEN_PATH = '/var/lib/bcm/trust-token';
/** The script that makes the token (the stand-in multipass reads the trust name out of it too). */
export const TOKEN_SCRIPT = '/usr/local/sbin/bcm-trust-token';
export const LXD_PORT = 8443;
/** The LXD release BCM's client is written against (the LTS snap track). */
export const LXD_SNAP_CHANNEL = '5.21/stable';

export interface VmCloudInitInput {
  vmName: string;
  /** how the VM's LXD lists this computer once enrolled */
  trustName: string;
}

/** LXD's preseed: the storage pool and bridge a datacenter needs, and the API on every address of the VM. */
export function lxdPreseed(): string {
  return stringify({
    config: { 'core.https_address': `[::]:${LXD_PORT}` },
    networks: [{ name: 'lxdbr0', type: 'bridge', config: { 'ipv4.address': 'auto', 'ipv4.nat': 'true', 'ipv6.address': 'none' } }],
    storage_pools: [{ name: 'default', driver: 'dir' }],
    profiles: [
      {
        name: 'default',
        devices: {
          root: { path: '/', pool: 'default', type: 'disk' },
          eth0: { name: 'eth0', network: 'lxdbr0', type: 'nic' },
        },
      },
    ],
  });
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The token script: waits for LXD, asks it for a one-time certificate-add token named after this
 * computer, and leaves it in a root-only file. No trust password is ever set; the token is good for
 * one enrolment and BCM deletes the file once it has used it.
 */
export function tokenScript(trustName: string): string {
  return [
    '#!/bin/sh',
    '# Bitcoin Cache Machine: one-time LXD trust token for the app that launched this VM.',
    'set -eu',
    'export PATH="$PATH:/snap/bin"',
    'lxd waitready --timeout 600',
    `install -d -m 0700 ${TOKEN_PATH.slice(0, TOKEN_PATH.lastIndexOf('/'))}`,
    'umask 077',
    `lxc config trust add --name ${shellQuote(trustName)} > ${TOKEN_PATH}.new`,
    `mv ${TOKEN_PATH}.new ${TOKEN_PATH}`,
    '',
  ].join('\n');
}

/**
 * The VM's user-data (pure): LXD from the snap's LTS track initialised by preseed (a `default`
 * dir pool, the NAT bridge `lxdbr0`, HTTPS on port 8443), Tor, and the token script. Nothing
 * secret is in it, so it can be kept in ~/.bcm/runtime and shown to the user.
 */
export function buildVmCloudInit(input: VmCloudInitInput): string {
  const doc = {
    package_update: true,
    packages: ['tor'],
    snap: {
      commands: [`snap list lxd >/dev/null 2>&1 && snap refresh lxd --channel=${LXD_SNAP_CHANNEL} || snap install lxd --channel=${LXD_SNAP_CHANNEL}`],
    },
    lxd: { preseed: lxdPreseed() },
    write_files: [{ path: TOKEN_SCRIPT, owner: 'root:root', permissions: '0755', content: tokenScript(input.trustName) }],
    runcmd: [['systemctl', 'enable', '--now', 'tor'], [TOKEN_SCRIPT]],
    final_message: `Bitcoin Cache Machine VM ${input.vmName} is set up after $UPTIME seconds.`,
  };
  const header = [
    '#cloud-config',
    `# Bitcoin Cache Machine: user-data of the multipass VM "${input.vmName}" (generated).`,
    '# No secrets: the one-time LXD trust token is made inside the VM at first boot, read once by',
    `# the app with \`multipass exec ${input.vmName} -- sudo cat ${TOKEN_PATH}\`, then deleted.`,
  ].join('\n');
  return `${header}\n${stringify(doc, { lineWidth: 0 })}`;
}

/** `<vm>-<this computer>`: how the VM's trust list names this app's certificate. */
export function trustNameFor(vmName: string, host: string): string {
  const clean = host
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30);
  return clean ? `${vmName}-${clean}` : vmName;
}
