// Test only: a datacenter's gateway joins the private Tor network (scripts/tor-testnet) on the
// host's loopback. LXD proxy devices carry its connections to the relays' ports, and the network's
// lines (DirAuthority, TestingTorNetwork…) go into Debian's defaults torrc
// (/usr/share/tor/tor-service-defaults-torrc, which tor@default reads before /etc/tor/torrc), so
// they survive BCM rewriting /etc/tor/torrc for its onion services. Then Tor starts afresh.
import { execFileSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SharedTestnet } from '../../scripts/tor-testnet/network';

export async function testnetPorts(net: Pick<SharedTestnet, 'root'>): Promise<number[]> {
  const ports = new Set<number>();
  for (const f of (await readdir(net.root)).filter((n) => n.endsWith('.torrc'))) {
    for (const m of (await readFile(join(net.root, f), 'utf8')).matchAll(/^(?:ORPort|DirPort) 127\.0\.0\.1:(\d+)$/gm)) ports.add(Number(m[1]));
  }
  return [...ports];
}

export async function joinGatewayToTestnet(project: string, net: Pick<SharedTestnet, 'root' | 'clientLines'>, gateway = 'gateway'): Promise<void> {
  for (const port of await testnetPorts(net)) {
    execFileSync('lxc', ['config', 'device', 'add', '--project', project, gateway, `tn${port}`, 'proxy', `listen=tcp:127.0.0.1:${port}`, `connect=tcp:127.0.0.1:${port}`, 'bind=instance'], { stdio: 'ignore' });
  }
  execFileSync('lxc', ['exec', '--project', project, gateway, '--', 'sh', '-c', 'cat >> /usr/share/tor/tor-service-defaults-torrc; rm -rf /var/lib/tor/cached-* /var/lib/tor/state; systemctl restart tor@default.service'], {
    input: `${net.clientLines.join('\n')}\n`,
  });
}
