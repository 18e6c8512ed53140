import type { LxdNetworkAcl } from '../lxd/api';
import type { NetworkAclCreate } from '../lxd/network-acls';
import { MARK, type DatacenterNames } from './naming';

/**
 * "Only the gateway reaches out" (DESIGN.md), said by the network itself. The internal bridge has
 * no NAT, but the host routes: without a filter its containers reach the host's addresses, other
 * bridges and other datacenters. A network ACL on the bridge refuses everything that crosses the
 * host, in both directions, except traffic between the datacenter's own containers (.2–.254 of its
 * /24, so not the host's .1). Traffic between containers is allowed explicitly because with
 * LXD's nftables firewall and br_netfilter on (bridge-nf-call-iptables=1, common on hosts that also
 * run Docker) bridged packets pass the ACL's forward hook too. LXD itself lets DHCP and DNS to the
 * bridge through; the bridge's dnsmasq gets `no-resolv` so DNS answers only the bridge's own names
 * and never forwards a query to the host's resolvers. The gateway's second NIC sits on the NAT
 * bridge, which has no ACL: it is the one way out (Tor, and tinyproxy for apt and downloads).
 */

/** LXD API extensions the isolation needs (LXD 5.0 has both). */
export const ISOLATION_EXTENSIONS = ['network_acl', 'network_bridge_acl'] as const;

const DNSMASQ_LINE = 'no-resolv';

/** "10.a.b.2-10.a.b.254": every container address of the internal /24, not the host's .1 */
export function containerRange(names: DatacenterNames): string {
  const prefix = names.internalCidr.split('.').slice(0, 3).join('.');
  return `${prefix}.2-${prefix}.254`;
}

export function internalAcl(names: DatacenterNames, datacenter: string): NetworkAclCreate {
  const range = containerRange(names);
  return {
    name: names.internalAcl,
    description: `BCM ${datacenter}: traffic stays between the datacenter's containers`,
    egress: [{ action: 'allow', state: 'enabled', description: 'to the datacenter’s own containers', destination: range }],
    ingress: [{ action: 'allow', state: 'enabled', description: 'from the datacenter’s own containers', source: range }],
    config: { [MARK.datacenter]: datacenter },
  };
}

/** The internal bridge's config keys that carry the isolation. */
export function isolationConfig(names: DatacenterNames, current: Record<string, string> = {}): Record<string, string> {
  const raw = (current['raw.dnsmasq'] ?? '').split('\n').filter((l) => l.trim() !== '');
  return {
    'security.acls': names.internalAcl,
    'security.acls.default.egress.action': 'reject',
    'security.acls.default.ingress.action': 'reject',
    'raw.dnsmasq': [...raw.filter((l) => l.trim() !== DNSMASQ_LINE), DNSMASQ_LINE].join('\n'),
  };
}

/**
 * What keeps the internal bridge from being isolated as above, in words; empty when it is. Pure:
 * the bridge's config and the ACL as LXD reports them (undefined when the ACL is missing).
 */
export function isolationDrift(names: DatacenterNames, config: Record<string, string>, acl: Pick<LxdNetworkAcl, 'egress' | 'ingress'> | undefined): string[] {
  const drift: string[] = [];
  const want = isolationConfig(names, config);
  for (const key of ['security.acls', 'security.acls.default.egress.action', 'security.acls.default.ingress.action'] as const) {
    if ((config[key] ?? '') !== want[key]) drift.push(`${key} is "${config[key] ?? ''}", not "${want[key]}"`);
  }
  if (!(config['raw.dnsmasq'] ?? '').split('\n').some((l) => l.trim() === DNSMASQ_LINE)) drift.push('the bridge’s DNS forwards queries to the host’s resolvers');
  if (!acl) drift.push(`the network ACL ${names.internalAcl} is missing`);
  else {
    const range = containerRange(names);
    const only = (rules: LxdNetworkAcl['egress'], key: 'source' | 'destination'): boolean =>
      rules.every((r) => r.action !== 'allow' || r.state === 'disabled' || r[key] === range);
    const has = (rules: LxdNetworkAcl['egress'], key: 'source' | 'destination'): boolean => rules.some((r) => r.action === 'allow' && r.state !== 'disabled' && r[key] === range);
    if (!only(acl.egress, 'destination') || !only(acl.ingress, 'source')) drift.push(`the network ACL ${names.internalAcl} allows more than the datacenter’s own containers`);
    if (!has(acl.egress, 'destination') || !has(acl.ingress, 'source')) drift.push(`the network ACL ${names.internalAcl} does not let the datacenter’s containers reach each other`);
  }
  return drift;
}
