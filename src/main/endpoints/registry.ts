import type { CollectionProblem } from '../store/json-collection';
import { hostname } from 'node:os';
import { parseAddress } from '../../shared/address';
import type { Credential, Endpoint, LocalDetection, RemoteProbe } from '../../shared/endpoints';
import { BcmError } from '../../shared/errors';
import { isTokenExpired, parseTrustToken } from '../../shared/trust-token';
import {
  LxdClient,
  createHttpsTransport,
  createUnixTransport,
  findLocalSocket,
  probeServerCertificate,
  type LxdTransport,
} from '../lxd';
import type { EndpointStore } from '../store/endpoints-store';
import type { SecretStore } from '../store/secrets';
import { ensureClientIdentity, type ClientIdentity } from './identity';

type Listener = (endpoints: Endpoint[]) => void;

/** Builds the transport of an onion endpoint (through BCM's Tor); injected by the app context. */
export type OnionTransportFactory = (endpoint: Endpoint, identity: ClientIdentity) => LxdTransport;

function requireAddress(input: string): string {
  const parsed = parseAddress(input);
  if (!parsed.ok) throw new BcmError('VALIDATION', parsed.reason);
  return parsed.address;
}

const detectionError: Record<Exclude<LocalDetection['state'], 'ready'>, 'LXD_MISSING' | 'LXD_NOT_RUNNING' | 'PERMISSION_DENIED'> = {
  missing: 'LXD_MISSING',
  'not-running': 'LXD_NOT_RUNNING',
  'no-permission': 'PERMISSION_DENIED',
};

/**
 * The endpoints this installation knows: adding (local socket, or a remote by trust password or
 * token with a pinned certificate), removing, and one cached LXD client per endpoint.
 */
export class EndpointRegistry {
  private readonly clients = new Map<string, LxdClient>();
  private readonly listeners = new Set<Listener>();
  private readonly removalListeners = new Set<(name: string) => void>();

  constructor(
    private readonly store: EndpointStore,
    private readonly secrets: SecretStore,
    /** how onion endpoints are reached (BCM's Tor, src/main/tor); without it they cannot be used */
    private readonly onion?: OnionTransportFactory,
  ) {}

  /** Saves an endpoint another module has verified (an onion endpoint from a pairing bundle). */
  async adopt(endpoint: Endpoint): Promise<Endpoint> {
    await this.assertFree(endpoint.name);
    await this.store.save(endpoint);
    await this.notify();
    return endpoint;
  }

  /** the endpoints whose files can be read; unreadable files are reported by `problems()` */
  async list(): Promise<Endpoint[]> {
    return (await this.store.listReadable()).items;
  }

  /** endpoint files that cannot be read (corrupt, newer, invalid), each named with the reason */
  async problems(): Promise<CollectionProblem[]> {
    return (await this.store.listReadable()).problems;
  }

  onChanged(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onRemoved(listener: (name: string) => void): () => void {
    this.removalListeners.add(listener);
    return () => this.removalListeners.delete(listener);
  }

  private async notify(): Promise<void> {
    const list = await this.list();
    for (const l of this.listeners) l(list);
  }

  detectLocal(): Promise<LocalDetection> {
    return findLocalSocket();
  }

  private async assertFree(name: string): Promise<void> {
    if (await this.store.exists(name)) {
      throw new BcmError('CONFLICT', `An endpoint named "${name}" already exists. Choose another name, or remove that one first.`, {
        field: 'name',
      });
    }
  }

  async addLocal(name: string, socketPath?: string): Promise<Endpoint> {
    await this.assertFree(name);
    let path = socketPath;
    if (!path) {
      const found = await findLocalSocket();
      if (found.state !== 'ready' || !found.socketPath) {
        throw new BcmError(detectionError[found.state === 'ready' ? 'missing' : found.state], `${found.message}${found.nextStep ? ` ${found.nextStep}` : ''}`);
      }
      path = found.socketPath;
    }
    const transport = createUnixTransport(path);
    try {
      await new LxdClient(transport).server.get();
    } finally {
      transport.close();
    }
    const endpoint: Endpoint = { schemaVersion: 1, name, kind: 'unix', address: path, addedAt: new Date().toISOString() };
    await this.store.save(endpoint);
    await this.notify();
    return endpoint;
  }

  async probeRemote(input: string): Promise<RemoteProbe> {
    const address = requireAddress(input);
    const cert = await probeServerCertificate(address);
    const identity = await ensureClientIdentity(this.secrets);
    const transport = createHttpsTransport({
      address,
      clientCertPem: identity.certPem,
      clientKeyPem: identity.keyPem,
      serverFingerprint: cert.fingerprint,
      serverCertificatePem: cert.pem,
    });
    try {
      const server = await new LxdClient(transport).server.get();
      const probe: RemoteProbe = { address, fingerprint: cert.fingerprint, certificatePem: cert.pem, trusted: server.auth === 'trusted' };
      if (cert.subject) probe.subject = cert.subject;
      if (cert.notAfter) probe.notAfter = cert.notAfter;
      const env = server.environment;
      if (env?.server_name) probe.serverName = env.server_name;
      if (env?.server_version) probe.lxdVersion = env.server_version;
      return probe;
    } finally {
      transport.close();
    }
  }

  async addRemote(input: { name: string; address: string; fingerprint: string; credential: Credential }): Promise<Endpoint> {
    await this.assertFree(input.name);
    const address = requireAddress(input.address);
    if (input.credential.kind === 'token') {
      const parsed = parseTrustToken(input.credential.token);
      if (!parsed.ok) throw new BcmError('TOKEN_INVALID', parsed.reason, { field: 'token' });
      if (isTokenExpired(parsed.token)) {
        throw new BcmError('TOKEN_INVALID', `This token expired at ${parsed.token.expiresAt}. Make a new one on the server with \`lxc config trust add\`.`, { field: 'token' });
      }
      if (parsed.token.fingerprint !== input.fingerprint) {
        throw new BcmError(
          'TOKEN_INVALID',
          'This token was made by a different server than the one at this address (the certificate fingerprints differ). Check the address, or make the token on this server.',
          { field: 'token', tokenFingerprint: parsed.token.fingerprint, serverFingerprint: input.fingerprint },
        );
      }
    }
    const identity = await ensureClientIdentity(this.secrets);
    // Pinned to the fingerprint the user confirmed: a different certificate is refused before any secret is sent.
    const cert = await probeServerCertificate(address);
    if (cert.fingerprint !== input.fingerprint) {
      throw new BcmError(
        'CERT_MISMATCH',
        `The server at ${address} now presents a different certificate (${cert.fingerprint.slice(0, 16)}…) than the one you confirmed (${input.fingerprint.slice(0, 16)}…). Nothing was sent. Check the address and probe again.`,
        { expected: input.fingerprint, actual: cert.fingerprint },
      );
    }
    const transport = createHttpsTransport({
      address,
      clientCertPem: identity.certPem,
      clientKeyPem: identity.keyPem,
      serverFingerprint: input.fingerprint,
      serverCertificatePem: cert.pem,
    });
    try {
      const client = new LxdClient(transport);
      const before = await client.server.get();
      if (before.auth !== 'trusted') {
        const clientName = `bcm-${hostname()}`;
        if (input.credential.kind === 'password') {
          await client.certificates.addWithPassword({ name: clientName, password: input.credential.password, certificatePem: identity.certPem });
        } else if (input.credential.kind === 'token') {
          await client.certificates.addWithToken({ name: clientName, token: input.credential.token, certificatePem: identity.certPem, serverFingerprint: input.fingerprint });
        } else {
          throw new BcmError(
            'AUTH_FAILED',
            `The server does not trust this computer yet. Enter its trust password or a trust token, or run \`lxc config trust add\` on the server with this certificate (fingerprint ${identity.fingerprint}).`,
            { clientFingerprint: identity.fingerprint },
          );
        }
        const after = await client.server.get();
        if (after.auth !== 'trusted') {
          throw new BcmError('AUTH_FAILED', 'The server accepted the request but still does not trust this computer. Check the trust list on the server (`lxc config trust list`).');
        }
      }
    } finally {
      transport.close();
    }
    const endpoint: Endpoint = {
      schemaVersion: 1,
      name: input.name,
      kind: 'https',
      address,
      serverFingerprint: input.fingerprint,
      serverCertificate: cert.pem,
      clientIdentity: 'client',
      addedAt: new Date().toISOString(),
    };
    await this.store.save(endpoint);
    await this.notify();
    return endpoint;
  }

  async remove(name: string): Promise<void> {
    await this.store.remove(name);
    this.clients.get(name)?.close();
    this.clients.delete(name);
    for (const l of this.removalListeners) l(name);
    await this.notify();
  }

  /** A connected client for a stored endpoint (cached; pinned to the stored fingerprint). */
  async client(name: string): Promise<LxdClient> {
    const cached = this.clients.get(name);
    if (cached) return cached;
    const endpoint = await this.store.get(name);
    const client = new LxdClient(await this.transportFor(endpoint));
    this.clients.set(name, client);
    return client;
  }

  private async transportFor(endpoint: Endpoint): Promise<LxdTransport> {
    if (endpoint.kind === 'unix') return createUnixTransport(endpoint.address);
    if (endpoint.kind === 'https' && endpoint.serverFingerprint) {
      const identity = await ensureClientIdentity(this.secrets);
      return createHttpsTransport({
        address: endpoint.address,
        clientCertPem: identity.certPem,
        clientKeyPem: identity.keyPem,
        serverFingerprint: endpoint.serverFingerprint,
        ...(endpoint.serverCertificate ? { serverCertificatePem: endpoint.serverCertificate } : {}),
      });
    }
    if (endpoint.kind === 'onion' && this.onion) return this.onion(endpoint, await ensureClientIdentity(this.secrets));
    throw new BcmError('INTERNAL', `Endpoint "${endpoint.name}" of kind ${endpoint.kind} cannot be reached (incomplete endpoint file, or no Tor support in this build).`);
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
