import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LxdClient,
  createHttpsTransport,
  fingerprintOfPem,
  generateClientIdentity,
  openWebSocket,
  probeServerCertificate,
  type ClientIdentity,
  type HttpsTransportOptions,
} from '../../../src/main/lxd';
import { parseTrustToken } from '../../../src/shared/trust-token';
import {
  HTTPS_ADDRESS,
  TRUST_PASSWORD,
  createTestProject,
  launch,
  rand,
  requireLxd,
  run,
  unixClient,
  until,
  type TestProject,
} from './helpers';
import { startSocks5 } from './socks5';

describe('HTTPS: pinned mutual TLS, trust by password and token, SOCKS5', () => {
  const root = unixClient();
  let serverFingerprint = '';
  let tp: TestProject;
  const trusted: string[] = []; // fingerprints to remove from the trust store afterwards
  const tokenNames: string[] = [];
  const clients: LxdClient[] = [];

  const https = (identity: ClientIdentity | undefined, extra: Partial<HttpsTransportOptions> = {}): LxdClient => {
    const opts: HttpsTransportOptions = { address: HTTPS_ADDRESS, serverFingerprint, ...extra };
    if (identity) {
      opts.clientCertPem = identity.certPem;
      opts.clientKeyPem = identity.keyPem;
    }
    const client = new LxdClient(createHttpsTransport(opts));
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    await requireLxd(root);
    serverFingerprint = (await root.server.get()).environment?.certificate_fingerprint ?? '';
    tp = await createTestProject(root);
    await launch(tp.client, 'bcmt-remote');
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const fp of trusted) await root.certificates.delete(fp).catch(() => undefined);
    for (const op of await root.operations.list().catch(() => [])) {
      const req = op.metadata?.request as { name?: string } | undefined;
      if (op.class === 'token' && req?.name && tokenNames.includes(req.name))
        await root.operations.cancel(op.id).catch(() => undefined);
    }
    await tp?.cleanup();
    root.close();
  });

  it('probes the server certificate for trust on first use', async () => {
    const probe = await probeServerCertificate(HTTPS_ADDRESS);
    expect(probe.fingerprint).toBe(serverFingerprint);
    expect(probe.pem).toContain('BEGIN CERTIFICATE');
    expect(probe.certificatePem).toBe(probe.pem);
    expect(probe.subject).toBeTruthy();
    expect(Date.parse(probe.notAfter ?? '')).toBeGreaterThan(Date.now());
    expect(probe.trusted).toBe(false);
    expect(fingerprintOfPem(probe.pem)).toBe(serverFingerprint);
  });

  it('refuses a server whose certificate is not the pinned one (CERT_MISMATCH), for requests and websockets', async () => {
    const wrong = 'ab'.repeat(32);
    const client = https(undefined, { serverFingerprint: wrong });
    const err = await client.server.get().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CERT_MISMATCH', detail: { pinned: wrong, presented: serverFingerprint } });
    expect(String((err as Error).message)).toContain(serverFingerprint);
    expect(String((err as Error).message)).toContain(wrong);
    await expect(
      openWebSocket(client.transport.websocket('/1.0/events'), client.transport.target),
    ).rejects.toMatchObject({ code: 'CERT_MISMATCH' });
    // a stored certificate that does not match the pinned fingerprint is refused up front
    const other = await generateClientIdentity('bcmt-other');
    expect(() =>
      createHttpsTransport({ address: HTTPS_ADDRESS, serverFingerprint, serverCertificatePem: other.certPem }),
    ).toThrow(expect.objectContaining({ code: 'CERT_MISMATCH' }));
  });

  it('sends no request byte to a server with another certificate', async () => {
    const serverId = await generateClientIdentity('bcmt-impostor');
    let bytes = 0;
    const server = tls.createServer({ cert: serverId.certPem, key: serverId.keyPem }, (socket) => {
      socket.on('data', (d: Buffer) => {
        bytes += d.length;
        socket.end(
          'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
        );
      });
      socket.on('error', () => undefined);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    try {
      const wrong = https(undefined, { address: `127.0.0.1:${port}`, serverFingerprint });
      await expect(wrong.server.get()).rejects.toMatchObject({ code: 'CERT_MISMATCH' });
      await new Promise((r) => setTimeout(r, 100));
      expect(bytes).toBe(0);
      // the same server pinned correctly does get the request: the counter works
      const right = https(undefined, { address: `127.0.0.1:${port}`, serverFingerprint: serverId.fingerprint });
      await expect(right.server.get()).rejects.toMatchObject({ code: 'INTERNAL' }); // "{}" is no LXD envelope
      expect(bytes).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });

  it('an unknown client is untrusted; a wrong trust password is AUTH_FAILED', async () => {
    const identity = await generateClientIdentity(`bcmt-${rand()}`);
    const client = https(identity);
    expect((await client.server.get()).auth).toBe('untrusted');
    await expect(client.instances.list({ project: tp.name })).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    const err = await client.certificates
      .addWithPassword({ name: `bcmt-${rand()}`, password: 'not-the-password' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AUTH_FAILED' });
    expect(String((err as Error).message)).toMatch(/trust password was not accepted/);
    expect((await client.server.get()).auth).toBe('untrusted');
  });

  it('trusts a generated identity with the trust password; exec and events then work over mutual TLS', async () => {
    const identity = await generateClientIdentity(`bcmt-${rand()}`);
    trusted.push(identity.fingerprint);
    const client = https(identity);
    await client.certificates.addWithPassword({ name: `bcmt-pw-${rand()}`, password: TRUST_PASSWORD });
    expect((await client.server.get()).auth).toBe('trusted');
    expect((await root.certificates.get(identity.fingerprint)).type).toBe('client');
    const listed = (await root.certificates.list()).find((c) => c.fingerprint === identity.fingerprint);
    expect(listed?.certificate).toContain('BEGIN CERTIFICATE');
    const remote = client.useProject(tp.name);
    expect((await remote.instances.list()).map((i) => i.name)).toEqual(['bcmt-remote']);
    const res = await remote.exec.run('bcmt-remote', ['sh', '-c', 'cat; echo over-tls'], {
      stdin: 'in:',
      idempotent: true,
    });
    expect(res.stdout.toString()).toBe('in:over-tls\n');
    const actions: string[] = [];
    let connected = false;
    const sub = remote.events.subscribe({
      types: ['lifecycle'],
      project: tp.name,
      onEvent: (e) => actions.push(String(e.metadata.action)),
      onState: (s) => (connected = s === 'connected'),
    });
    try {
      await until(() => connected, 5000, 'events over TLS');
      await remote.instances.restart('bcmt-remote', { force: true });
      await until(() => actions.includes('instance-restarted'), 10_000, 'instance-restarted over TLS');
    } finally {
      sub.close();
    }
    await root.certificates.delete(identity.fingerprint);
    expect((await client.server.get()).auth).toBe('untrusted');
  });

  it('redeems a trust token from `lxc config trust add` once; a second use is TOKEN_INVALID', async () => {
    const name = `bcmt-tok-${rand()}`;
    tokenNames.push(name);
    const { stdout } = await run('lxc', ['config', 'trust', 'add', '--name', name]);
    const tokenText = stdout.trim().split('\n').at(-1) ?? '';
    const parsed = parseTrustToken(tokenText);
    expect(parsed.ok && parsed.token.fingerprint).toBe(serverFingerprint);

    const first = await generateClientIdentity(`bcmt-${rand()}`);
    trusted.push(first.fingerprint);
    const client = https(first);
    await client.certificates.addWithToken({ token: tokenText });
    expect((await client.server.get()).auth).toBe('trusted');
    expect((await root.certificates.get(first.fingerprint)).name).toBe(name);

    const second = await generateClientIdentity(`bcmt-${rand()}`);
    const again = https(second);
    const err = await again.certificates.addWithToken({ token: tokenText }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TOKEN_INVALID' });
    expect(String((err as Error).message)).toMatch(/already used|revoked|expired/);
    expect((await again.server.get()).auth).toBe('untrusted');
  });

  it('refuses a token made for another server before sending its secret, and a malformed one', async () => {
    const name = `bcmt-tok-${rand()}`;
    tokenNames.push(name);
    const made = await root.certificates.createToken({ name });
    const foreign = Buffer.from(
      JSON.stringify({
        client_name: name,
        fingerprint: 'cd'.repeat(32),
        addresses: made.parsed.addresses,
        secret: made.parsed.secret,
      }),
    ).toString('base64');
    const identity = await generateClientIdentity(`bcmt-${rand()}`);
    const client = https(identity);
    await expect(client.certificates.addWithToken({ token: foreign })).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
      detail: { tokenFingerprint: 'cd'.repeat(32) },
    });
    // the secret was not spent: the token operation is still there
    expect((await root.operations.get(made.operationId)).status).toBe('Running');
    await expect(client.certificates.addWithToken({ token: 'not a token' })).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
    });
    await root.operations.cancel(made.operationId);
    await expect(client.certificates.addWithToken({ token: made.token })).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
    }); // revoked
  });

  it('maps a refused port and an unknown host to UNREACHABLE', async () => {
    await expect(https(undefined, { address: '127.0.0.1:1' }).server.get()).rejects.toMatchObject({
      code: 'UNREACHABLE',
      detail: { cause: 'ECONNREFUSED' },
    });
    await expect(https(undefined, { address: 'bcm-test.invalid:8443' }).server.get()).rejects.toMatchObject({
      code: 'UNREACHABLE',
    });
    await expect(probeServerCertificate('127.0.0.1:1')).rejects.toMatchObject({ code: 'UNREACHABLE' });
  }, 20_000);

  it('goes through a SOCKS5 proxy (with username/password): requests, websockets, pinning', async () => {
    const socks = await startSocks5({ username: 'bcm', password: 'secret' });
    try {
      const identity = await generateClientIdentity(`bcmt-${rand()}`);
      trusted.push(identity.fingerprint);
      const proxy = { host: '127.0.0.1', port: socks.port, username: 'bcm', password: 'secret' };
      const probe = await probeServerCertificate(HTTPS_ADDRESS, { socksProxy: proxy });
      expect(probe.fingerprint).toBe(serverFingerprint);
      const client = https(identity, { socksProxy: proxy });
      await client.certificates.addWithPassword({ name: `bcmt-socks-${rand()}`, password: TRUST_PASSWORD });
      expect((await client.server.get()).auth).toBe('trusted');
      const res = await client.useProject(tp.name).exec.run('bcmt-remote', ['echo', 'via-socks'], { idempotent: true });
      expect(res.stdout.toString()).toBe('via-socks\n');
      expect(socks.connections()).toBeGreaterThan(0);
      expect(socks.targets()).toContain(HTTPS_ADDRESS);
      await expect(
        https(identity, { socksProxy: proxy, serverFingerprint: 'ef'.repeat(32) }).server.get(),
      ).rejects.toMatchObject({ code: 'CERT_MISMATCH' });
      await expect(https(identity, { socksProxy: { ...proxy, password: 'wrong' } }).server.get()).rejects.toMatchObject(
        { code: 'UNREACHABLE' },
      );
    } finally {
      await socks.close();
    }
    await expect(
      https(undefined, { socksProxy: { host: '127.0.0.1', port: socks.port } }).server.get(),
    ).rejects.toMatchObject({
      code: 'UNREACHABLE',
      message: expect.stringContaining('proxy'),
    });
  });
});
