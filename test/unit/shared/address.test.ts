import { describe, expect, it } from 'vitest';
import { parseAddress } from '../../../src/shared/address';

describe('parseAddress', () => {
  it.each([
    ['192.168.1.20', '192.168.1.20:8443'],
    ['  myserver.lan ', 'myserver.lan:8443'],
    ['MyServer.LAN:9443', 'myserver.lan:9443'],
    ['https://10.0.0.5:8443/', '10.0.0.5:8443'],
    ['[fd00::1]:8443', '[fd00::1]:8443'],
    ['fd00::1', '[fd00::1]:8443'],
    ['localhost', 'localhost:8443'],
    ['abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion', 'abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion:8443'],
  ])('%s -> %s', (input, address) => {
    expect(parseAddress(input)).toMatchObject({ ok: true, address });
  });

  it.each([
    ['', /Enter the server address/],
    ['http://host', /HTTPS/],
    ['host/path', /without a path/],
    ['host:0', /not a port/],
    ['host:99999', /not a port/],
    ['host:abc', /not a port/],
    ['bad_host!', /not a valid host/],
    ['-bad.example', /not a valid host/],
    ['[zz::1]:8443', /not a valid IPv6/],
  ])('refuses %j', (input, reason) => {
    const parsed = parseAddress(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
