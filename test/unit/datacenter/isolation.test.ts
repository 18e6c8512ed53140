import { describe, expect, it } from 'vitest';
import { containerRange, internalAcl, isolationConfig, isolationDrift } from '../../../src/main/datacenter/isolation';
import { namesFor } from '../../../src/main/datacenter/naming';

const names = namesFor('home');
const prefix = names.internalCidr.split('.').slice(0, 3).join('.');
const acl = internalAcl(names, 'home');
const config = { 'ipv4.address': names.internalCidr, 'ipv4.nat': 'false', ...isolationConfig(names) };

describe('the internal bridge’s isolation', () => {
  it('lets only the datacenter’s own containers (.2–.254, never the host’s .1) talk, both ways', () => {
    expect(containerRange(names)).toBe(`${prefix}.2-${prefix}.254`);
    expect(acl.name).toBe(names.internalAcl);
    expect(acl.egress).toEqual([expect.objectContaining({ action: 'allow', destination: `${prefix}.2-${prefix}.254` })]);
    expect(acl.ingress).toEqual([expect.objectContaining({ action: 'allow', source: `${prefix}.2-${prefix}.254` })]);
    expect(config).toMatchObject({ 'security.acls': names.internalAcl, 'security.acls.default.egress.action': 'reject', 'security.acls.default.ingress.action': 'reject', 'raw.dnsmasq': 'no-resolv' });
  });

  it('keeps the owner’s own dnsmasq lines and adds no-resolv once', () => {
    const again = isolationConfig(names, { 'raw.dnsmasq': 'log-queries\nno-resolv\n' });
    expect(again['raw.dnsmasq']).toBe('log-queries\nno-resolv');
  });

  it('finds nothing to fix on a bridge as BCM makes it', () => {
    expect(isolationDrift(names, config, acl)).toEqual([]);
  });

  it('says what is wrong with a bridge made before the ACL, or changed by hand', () => {
    const before = { 'ipv4.address': names.internalCidr, 'ipv4.nat': 'false' };
    expect(isolationDrift(names, before, undefined)).toEqual([
      `security.acls is "", not "${names.internalAcl}"`,
      'security.acls.default.egress.action is "", not "reject"',
      'security.acls.default.ingress.action is "", not "reject"',
      'the bridge’s DNS forwards queries to the host’s resolvers',
      `the network ACL ${names.internalAcl} is missing`,
    ]);
    expect(isolationDrift(names, { ...config, 'security.acls.default.egress.action': 'allow' }, acl)).toEqual(['security.acls.default.egress.action is "allow", not "reject"']);
    const wide = { ...acl, egress: [...acl.egress, { action: 'allow' as const, state: 'enabled' as const, destination: '0.0.0.0/0' }] };
    expect(isolationDrift(names, config, wide)).toEqual([`the network ACL ${names.internalAcl} allows more than the datacenter’s own containers`]);
    const shut = { ...acl, ingress: [] };
    expect(isolationDrift(names, config, shut)).toEqual([`the network ACL ${names.internalAcl} does not let the datacenter’s containers reach each other`]);
    const disabledExtra = { ...acl, egress: [...acl.egress, { action: 'allow' as const, state: 'disabled' as const, destination: '0.0.0.0/0' }] };
    expect(isolationDrift(names, config, disabledExtra)).toEqual([]);
  });
});
