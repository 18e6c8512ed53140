import { describe, expect, it } from 'vitest';
import { installHint, locateMultipass } from '../../../src/main/multipass/locate';
import { extractToken, pickAddress } from '../../../src/main/multipass/launcher';

const only = (...paths: string[]) => async (p: string) => paths.includes(p);

describe('finding multipass', () => {
  it('honours BCM_MULTIPASS and reports a bad one instead of looking elsewhere', async () => {
    expect(await locateMultipass({ env: { BCM_MULTIPASS: '/opt/mp/multipass' }, platform: 'linux', isExecutable: only('/opt/mp/multipass') })).toEqual({ found: true, path: '/opt/mp/multipass', configured: true });
    expect(await locateMultipass({ env: { BCM_MULTIPASS: '/nope', PATH: '/snap/bin' }, platform: 'linux', isExecutable: only('/snap/bin/multipass') })).toMatchObject({ found: false, reason: expect.stringContaining('/nope') as string });
    expect(await locateMultipass({ env: { BCM_MULTIPASS: 'multipass' }, platform: 'linux', isExecutable: only() })).toMatchObject({ found: false, reason: expect.stringContaining('absolute') as string });
  });

  it('looks on PATH first, then where the snap puts it (a desktop PATH often lacks /snap/bin)', async () => {
    expect(await locateMultipass({ env: { PATH: '/usr/bin:/home/u/bin' }, platform: 'linux', isExecutable: only('/home/u/bin/multipass', '/snap/bin/multipass') })).toMatchObject({ path: '/home/u/bin/multipass' });
    expect(await locateMultipass({ env: { PATH: '/usr/bin' }, platform: 'linux', isExecutable: only('/snap/bin/multipass') })).toMatchObject({ path: '/snap/bin/multipass', configured: false });
    expect(await locateMultipass({ env: { PATH: '' }, platform: 'darwin', isExecutable: only('/usr/local/bin/multipass') })).toMatchObject({ path: '/usr/local/bin/multipass' });
    expect(await locateMultipass({ env: { PATH: '/usr/bin' }, platform: 'linux', isExecutable: only() })).toMatchObject({ found: false, searched: expect.arrayContaining(['/snap/bin/multipass']) as string[] });
  });

  it('knows the install command for each OS', () => {
    expect(installHint('linux').command).toBe('sudo snap install multipass');
    expect(installHint('darwin').text).toMatch(/macOS installer/);
    expect(installHint('win32').text).toMatch(/Windows installer/);
  });
});

describe('the token and the address', () => {
  const token = Buffer.from(JSON.stringify({ client_name: 'bcm-desk', fingerprint: 'a'.repeat(64), addresses: ['192.168.64.7:8443', '10.148.52.1:8443'], secret: 's3', expires_at: '0001-01-01T00:00:00Z' })).toString('base64');

  it('finds the token in what `lxc config trust add` printed, in every LXD format', () => {
    expect(extractToken(`Client bcm-desk certificate add token:\n${token}\n`)).toMatchObject({ text: token, token: { fingerprint: 'a'.repeat(64) } });
    expect(extractToken(`${token}\n`)?.text).toBe(token);
    expect(extractToken(`Client bcm-desk certificate add token: ${token}\n`)?.text).toBe(token);
    expect(extractToken('Error: not authorized\n')).toBeNull();
  });

  it('takes the address multipass reports that the token names too', () => {
    expect(pickAddress(['10.148.52.1', '192.168.64.7'], ['192.168.64.7:8443'])).toBe('192.168.64.7:8443');
    expect(pickAddress(['192.168.64.7'], [])).toBe('192.168.64.7:8443');
    expect(pickAddress([], ['1.2.3.4:8443'])).toBeNull();
  });
});
