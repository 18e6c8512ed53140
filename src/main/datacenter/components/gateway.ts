import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import type { ContainerPlan } from '../../../shared/datacenter/catalog';
import type { ContainerRecipe, RecipeContext } from '../recipe';
import { PORTS, gatewayAddress, installMissing, internalCidr, toCloudConfig } from './common';
import { TOR_JOURNAL_COMMAND, parseTorJournal, torNotConnected } from './gateway-tor';

/**
 * The gateway: the datacenter's only way out. Its eth0 sits on the internal bridge (the services
 * reach it there), its eth1 on the NAT bridge (the default route). Tor gives the services SOCKS
 * (peers over Tor) and, later, onion services for remote access through its control port (cookie
 * auth, loopback only: reached through the LXD API); tinyproxy is the HTTP/HTTPS proxy for apt and
 * downloads, answering the internal subnet only. Both come from Debian's packages (in the local
 * image already; installed on first boot otherwise).
 */
export function torrc(ctx: RecipeContext): string {
  const ip = gatewayAddress(ctx);
  return [
    '# Tor on the BCM gateway (generated; changes are overwritten)',
    `SocksPort ${ip}:${PORTS.socks}`,
    `SocksPort 127.0.0.1:${PORTS.socks}`,
    `SocksPolicy accept ${internalCidr(ctx)}`,
    'SocksPolicy accept 127.0.0.1',
    'SocksPolicy reject *',
    `ControlPort 127.0.0.1:${PORTS.torControl}`,
    'CookieAuthentication 1',
    'CookieAuthFileGroupReadable 1',
    // notices, and onion-service uploads (the rend domain at info), for the status: gateway-tor.ts
    'Log notice [rend]info syslog',
    '',
  ].join('\n');
}

export function tinyproxyConf(ctx: RecipeContext): string {
  return [
    '# tinyproxy on the BCM gateway (generated; changes are overwritten)',
    'User tinyproxy',
    'Group tinyproxy',
    `Port ${PORTS.proxy}`,
    `Listen ${gatewayAddress(ctx)}`,
    'Timeout 600',
    'DefaultErrorFile "/usr/share/tinyproxy/default.html"',
    'StatFile "/usr/share/tinyproxy/stats.html"',
    'Syslog On',
    'LogLevel Notice',
    'PidFile "/run/tinyproxy/tinyproxy.pid"',
    'MaxClients 64',
    `Allow ${internalCidr(ctx)}`,
    'Allow 127.0.0.1',
    'DisableViaHeader Yes',
    'ConnectPort 443',
    '',
  ].join('\n');
}

/**
 * systemd-networkd: the internal link gives no default route or DNS (it leads nowhere); the NAT
 * link does. Sorted before cloud-init's own 10-cloud-init-eth0.network, so these win.
 */
const INTERNAL_LINK = ['[Match]', 'Name=eth0', '', '[Network]', 'DHCP=ipv4', '', '[DHCPv4]', 'UseRoutes=false', 'UseGateway=false', 'UseDNS=false', ''].join('\n');
const NAT_LINK = ['[Match]', 'Name=eth1', '', '[Network]', 'DHCP=ipv4', '', '[DHCPv4]', 'RouteMetric=100', ''].join('\n');

export function gatewayRecipe(_spec: DatacenterSpec, container: ContainerPlan, ctx: RecipeContext): ContainerRecipe {
  const userData = toCloudConfig({
    hostname: container.name,
    preserve_hostname: false,
    write_files: [
      { path: '/etc/systemd/network/05-bcm-eth0.network', permissions: '0644', content: INTERNAL_LINK },
      { path: '/etc/systemd/network/05-bcm-eth1.network', permissions: '0644', content: NAT_LINK },
      { path: '/etc/tor/torrc', permissions: '0644', content: torrc(ctx) },
      { path: '/etc/tinyproxy/tinyproxy.conf', permissions: '0644', content: tinyproxyConf(ctx) },
    ],
    runcmd: [
      ['systemctl', 'restart', 'systemd-networkd.service'],
      ['sh', '-c', installMissing(['tor', 'tinyproxy'])],
      ['systemctl', 'enable', 'tor.service', 'tinyproxy.service'],
      ['systemctl', 'restart', 'tor@default.service', 'tinyproxy.service'],
    ],
  });
  return {
    userData,
    files: [],
    units: [],
    artifacts: [],
    volumes: [],
    health: {
      command: ['systemctl', 'is-active', 'tor@default.service', 'tinyproxy.service'],
      timeoutS: 90,
      intervalS: 2,
      expect: '^active\\s+active',
      describe: 'Tor and the HTTP proxy running',
    },
    // Not part of the deploy gate (a machine without a route out never bootstraps), but the status
    // does not call a gateway healthy while its Tor is stuck short of the network.
    statusCheck: { command: TOR_JOURNAL_COMMAND, verdict: (stdout) => torNotConnected(parseTorJournal(stdout)) },
    secrets: [],
  };
}
