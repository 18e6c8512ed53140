import { describe, expect, it } from 'vitest';
import { checkExtraLines, parseControlPortFile, renderTorrc, torrcValue } from '../../../src/main/tor/torrc';
import { clientLines, dirAuthorityLine, nodeTorrc, parseCertificateExpiry, parseCertificateIdentity, parseListFingerprint } from '../../../scripts/tor-testnet/config';

describe('torrc for BCM\'s Tor', () => {
  it('has the data folder, loopback SOCKS with extended errors, cookie control port and the owner', () => {
    const text = renderTorrc({ dir: '/home/u/.bcm/state/tor', socksPort: 41000, ownerPid: 1234, extraLines: ['UseBridges 1'] });
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        'DataDirectory /home/u/.bcm/state/tor/data',
        'SocksPort 127.0.0.1:41000 ExtendedErrors',
        'ControlPort 127.0.0.1:auto',
        'ControlPortWriteToFile /home/u/.bcm/state/tor/control-port',
        'CookieAuthentication 1',
        'CookieAuthFile /home/u/.bcm/state/tor/control_auth_cookie',
        '__OwningControllerProcess 1234',
        'UseBridges 1',
      ]),
    );
    expect(renderTorrc({ dir: '/a b/tor', socksPort: 1, ownerPid: 1 })).toContain('DataDirectory "/a b/tor/data"');
    expect(() => renderTorrc({ dir: '/x', socksPort: 0, ownerPid: 1 })).toThrow(/SOCKS port/);
    expect(() => renderTorrc({ dir: '/x', socksPort: 9050, ownerPid: 1, extraLines: ['ControlPort 9051'] })).toThrow(/set by BCM/);
  });

  it('quotes values that need it and refuses line breaks', () => {
    expect(torrcValue('/plain/path')).toBe('/plain/path');
    expect(torrcValue('with "quote"')).toBe('"with \\"quote\\""');
    expect(() => torrcValue('a\nControlPort 1')).toThrow();
  });

  it('checks extra lines: comments and blanks pass, managed options and junk do not', () => {
    expect(checkExtraLines('# bridges\n\nUseBridges 1\nBridge obfs4 192.0.2.1:443 ABC cert=x iat-mode=0\n')).toEqual({
      ok: true,
      lines: ['UseBridges 1', 'Bridge obfs4 192.0.2.1:443 ABC cert=x iat-mode=0'],
    });
    expect(checkExtraLines('UseBridges 1\nsocksport 9999')).toEqual({ ok: false, line: 2, reason: expect.stringMatching(/set by BCM/) });
    expect(checkExtraLines('= nonsense')).toMatchObject({ ok: false, line: 1 });
  });

  it('reads the control port file', () => {
    expect(parseControlPortFile('PORT=127.0.0.1:39123\n')).toEqual({ host: '127.0.0.1', port: 39123 });
    expect(parseControlPortFile('garbage')).toBeUndefined();
    expect(parseControlPortFile('PORT=127.0.0.1:0\n')).toBeUndefined();
  });
});

describe('private test network config', () => {
  const auth = { nick: 'bcmauth0', orPort: 5000, dirPort: 7000, v3ident: 'D'.repeat(40), fingerprint: 'F'.repeat(40) };

  it('writes DirAuthority lines and the testing options clients need', () => {
    expect(dirAuthorityLine(auth)).toBe(`DirAuthority bcmauth0 orport=5000 no-v2 v3ident=${'D'.repeat(40)} 127.0.0.1:7000 ${'F'.repeat(40)}`);
    const lines = clientLines([auth]);
    expect(lines).toContain('TestingTorNetwork 1');
    expect(checkExtraLines(lines)).toMatchObject({ ok: true });
  });

  it('makes authority, relay and onion-node torrcs with owner and fast voting', () => {
    const a = nodeTorrc({ nick: 'bcmauth0', role: 'authority', dataDir: '/t/a', orPort: 5000, dirPort: 7000, ownerPid: 42 }, [auth]);
    expect(a).toContain('V3AuthoritativeDirectory 1');
    expect(a).toContain('TestingV3AuthInitialVotingInterval 5');
    expect(a).toContain('__OwningControllerProcess 42');
    const o = nodeTorrc({ nick: 'bcmonion', role: 'onion', dataDir: '/t/o', controlPort: 9100 }, [auth]);
    expect(o).toContain('ControlPort 127.0.0.1:9100');
    expect(o).not.toContain('ORPort');
    expect(() => nodeTorrc({ nick: 'r', role: 'relay', dataDir: '/t/r' }, [auth])).toThrow(/ORPort/);
  });

  it('reads tor --list-fingerprint output and authority certificates', () => {
    expect(parseListFingerprint('Nov 22 [notice] ...\nbcmauth0 F62E F748 E533 A02B 156F F669 517A 082D 9643 771B\n', 'bcmauth0')).toBe('F62EF748E533A02B156FF669517A082D9643771B');
    expect(parseListFingerprint('nothing', 'bcmauth0')).toBeUndefined();
    const cert = 'dir-key-certificate-version 3\nfingerprint D53BBC568454D706FC68D81BD542E680F35BAB14\ndir-key-expires 2027-11-22 00:06:27\n';
    expect(parseCertificateIdentity(cert)).toBe('D53BBC568454D706FC68D81BD542E680F35BAB14');
    expect(parseCertificateExpiry(cert)?.toISOString()).toBe('2027-11-22T00:06:27.000Z');
  });
});
