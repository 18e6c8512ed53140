import { describe, expect, it } from 'vitest';
import { BcmError } from '../../../src/shared/errors';
import { certMismatchError, mapLxdError, mapTransportError } from '../../../src/main/lxd';

const sysErr = (code: string, message = code) => Object.assign(new Error(message), { code });
const unix = { kind: 'unix' as const, socketPath: '/var/lib/lxd/unix.socket' };
const remote = { kind: 'https' as const, address: '10.0.0.2:8443' };

describe('mapTransportError', () => {
  it('maps the unix socket failures to distinct codes with a next step', () => {
    const missing = mapTransportError(sysErr('ENOENT'), unix);
    expect(missing.code).toBe('LXD_MISSING');
    expect(missing.message).toMatch(/apt install lxd/);
    const down = mapTransportError(sysErr('ECONNREFUSED'), unix);
    expect(down.code).toBe('LXD_NOT_RUNNING');
    expect(down.message).toMatch(/systemctl start lxd/);
    const denied = mapTransportError(sysErr('EACCES'), unix);
    expect(denied.code).toBe('PERMISSION_DENIED');
    expect(denied.message).toMatch(/usermod -aG lxd/);
    expect(denied.detail).toEqual({ socketPath: unix.socketPath });
  });

  it('maps network failures of a remote to UNREACHABLE naming the cause', () => {
    for (const code of ['ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ECONNRESET']) {
      const err = mapTransportError(sysErr(code), remote);
      expect(err.code).toBe('UNREACHABLE');
      expect(err.detail).toMatchObject({ address: '10.0.0.2:8443', cause: code });
    }
    expect(mapTransportError(sysErr('ENOTFOUND'), remote).message).toMatch(/could not be resolved/);
    expect(mapTransportError(sysErr('ETIMEDOUT'), remote).message).toMatch(/timed out/);
  });

  it('names the proxy for SOCKS failures', () => {
    const err = mapTransportError(new Error('Socks5 proxy rejected connection - Failure'), {
      ...remote,
      viaProxy: '127.0.0.1:9050',
    });
    expect(err.code).toBe('UNREACHABLE');
    expect(err.message).toContain('through the proxy 127.0.0.1:9050');
    expect(err.message).toMatch(/Tor/);
  });

  it('keeps BcmErrors and turns aborts into CANCELLED', () => {
    const mine = new BcmError('CERT_MISMATCH', 'x');
    expect(mapTransportError(mine, remote)).toBe(mine);
    const abort = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    expect(mapTransportError(abort, remote).code).toBe('CANCELLED');
  });
});

describe('mapLxdError', () => {
  it('maps 403 by context: untrusted, wrong password, bad token', () => {
    expect(mapLxdError(403, 'not authorized').code).toBe('AUTH_FAILED');
    const pw = mapLxdError(403, 'not authorized', { context: 'trust-password' });
    expect(pw.code).toBe('AUTH_FAILED');
    expect(pw.message).toMatch(/trust password was not accepted/);
    const tok = mapLxdError(403, 'No matching certificate add operation found', { context: 'trust-token' });
    expect(tok.code).toBe('TOKEN_INVALID');
    expect(tok.message).toMatch(/lxc config trust add/);
  });

  it("maps 404, 409, 412 and keeps LXD's text for the rest", () => {
    const nf = mapLxdError(404, 'Instance not found', { method: 'GET', path: '/1.0/instances/x' });
    expect(nf.code).toBe('NOT_FOUND');
    expect(nf.message).toContain('Instance not found');
    expect(nf.detail).toMatchObject({ status: 404, method: 'GET', path: '/1.0/instances/x' });
    expect(mapLxdError(409, 'Instance already exists').code).toBe('CONFLICT');
    expect(mapLxdError(412, "ETag doesn't match").message).toMatch(/changed on the server/);
    const other = mapLxdError(400, 'Invalid devices: Device validation failed');
    expect(other.code).toBe('LXD_ERROR');
    expect(other.message).toBe('LXD: Invalid devices: Device validation failed');
  });

  it('names both fingerprints and the next step for a certificate mismatch', () => {
    const err = certMismatchError('h:8443', 'a'.repeat(64), 'b'.repeat(64));
    expect(err.code).toBe('CERT_MISMATCH');
    expect(err.message).toContain('a'.repeat(64));
    expect(err.message).toContain('b'.repeat(64));
    expect(err.message).toMatch(/lxc info/);
  });
});
