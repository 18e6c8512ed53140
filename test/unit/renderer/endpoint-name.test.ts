import { describe, expect, it } from 'vitest';
import {
  endpointNameProblem,
  hostLabel,
  sanitiseName,
  suggestEndpointName,
} from '../../../src/renderer/lib/endpoint-name';

describe('endpoint names', () => {
  it('sanitises server names and hosts', () => {
    expect(sanitiseName('My NAS')).toBe('my-nas');
    expect(sanitiseName('192.168.1.20:8443')).toBe('192-168-1-20');
    expect(sanitiseName('--x--')).toBe('x');
    expect(sanitiseName('a'.repeat(80))).toHaveLength(63);
  });
  it('avoids names in use', () => {
    expect(suggestEndpointName('nas', ['nas', 'nas-2'])).toBe('nas-3');
    expect(suggestEndpointName(undefined)).toBe('remote');
    expect(suggestEndpointName('!!!')).toBe('remote');
  });
  it('uses the first label of a host name, not an IP address', () => {
    expect(suggestEndpointName('nas.local:8443')).toBe('nas');
    expect(suggestEndpointName('Home Server')).toBe('home-server');
    expect(suggestEndpointName('127.0.0.1:8443')).toBe('remote');
    expect(suggestEndpointName('[fd00::1]:8443')).toBe('remote');
    expect(hostLabel('fd00::1')).toBe('');
  });
  it('mirrors the schema rule', () => {
    expect(endpointNameProblem('local')).toBeNull();
    expect(endpointNameProblem('')).toMatch(/required/);
    expect(endpointNameProblem('Local')).toMatch(/Lower-case/);
    expect(endpointNameProblem('-x')).toMatch(/Lower-case/);
  });
});
