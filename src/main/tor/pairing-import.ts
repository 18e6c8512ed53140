import { hostname } from 'node:os';
import type { PairingProgress } from '../../shared/channels/tor';
import type { Endpoint } from '../../shared/endpoints';
import { BcmError, toErrorShape } from '../../shared/errors';
import { isTokenExpired, parseTrustToken } from '../../shared/trust-token';
import { LxdClient, createHttpsTransport, probeServerCertificate, type ServerCertificateProbe, type SocksProxyOptions } from '../lxd';
import { clientAuthSecretName, formatAuthPrivate } from './client-auth';
import { onionError, onionFailureOf } from './onion-errors';
import { createOnionTransport } from './onion-transport';
import { decodePairing, type PairingBundle } from './pairing';
import { socksReplyCode } from './socks-probe';

export interface ClientIdentityPem {
  certPem: string;
  keyPem: string;
}

export interface PairingImportDeps {
  /** starts Tor if needed and waits for it to bootstrap (reports its own progress) */
  torReady(signal: AbortSignal): Promise<SocksProxyOptions>;
  /** gives Tor the client key stored under this secret name */
  giveKey(serviceId: string, secretName: string): Promise<void>;
  forgetKey(serviceId: string): Promise<void>;
  secrets: { write(name: string, value: string): Promise<void>; remove(name: string): Promise<void> };
  identity(): Promise<ClientIdentityPem>;
  endpoints: { exists(name: string): Promise<boolean>; adopt(endpoint: Endpoint): Promise<Endpoint> };
  progress(p: PairingProgress): void;
  signal: AbortSignal;
  /** attempts while the onion service is not found yet (default 3) */
  attempts?: number;
  retryDelayMs?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

function checkCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new BcmError('CANCELLED', 'The import was cancelled; nothing was added.');
}

/** Reads the server certificate through the onion; a SOCKS refusal is explained with Tor's code. */
async function probeOnion(address: string, socks: SocksProxyOptions, identity: ClientIdentityPem, signal: AbortSignal): Promise<ServerCertificateProbe> {
  try {
    return await probeServerCertificate(address, { socksProxy: socks, clientCertPem: identity.certPem, clientKeyPem: identity.keyPem, timeoutMs: 90_000, signal });
  } catch (err) {
    if (signal.aborted) throw new BcmError('CANCELLED', 'The import was cancelled; nothing was added.');
    const text = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}` : String(err);
    if (!/socks/i.test(text)) throw err;
    const [host = '', port = '8443'] = address.split(':');
    const code = await socksReplyCode(socks, host, Number(port), 30_000).catch(() => undefined);
    if (code === undefined || code === 0) throw err;
    throw onionError(code, address);
  }
}

/**
 * Adds an onion endpoint from a pairing bundle: the client key goes to ~/.bcm/secrets and to
 * BCM's Tor, the LXD certificate behind the onion must be the one the bundle names, and this
 * computer's client certificate is trusted with the bundle's token. Anything that fails undoes
 * what was done (key removed from Tor and from disk, nothing saved).
 */
export async function importPairing(text: string, name: string, deps: PairingImportDeps): Promise<Endpoint> {
  const { signal, progress } = deps;
  let step: PairingProgress['step'] = 'check';
  progress({ step, state: 'active' });
  const secretName = clientAuthSecretName(name);
  let bundle: PairingBundle | undefined;
  let keyWritten = false;
  try {
    bundle = decodePairing(text);
    if (await deps.endpoints.exists(name)) {
      throw new BcmError('CONFLICT', `An endpoint named "${name}" already exists. Choose another name, or remove that one first.`, { field: 'name' });
    }
    const serviceId = bundle.onion.replace(/\.onion$/, '');
    const address = `${bundle.onion}:${bundle.port}`;
    progress({ step, state: 'done' });

    step = 'tor';
    progress({ step, state: 'active' });
    const socks = await deps.torReady(signal);
    checkCancelled(signal);
    progress({ step, state: 'done' });

    step = 'connect';
    progress({ step, state: 'active', message: `Connecting to ${bundle.onion} through Tor…` });
    await deps.secrets.write(secretName, formatAuthPrivate(serviceId, bundle.clientAuthKey));
    keyWritten = true;
    await deps.giveKey(serviceId, secretName);
    const identity = await deps.identity();
    const attempts = deps.attempts ?? 3;
    let probe: ServerCertificateProbe | undefined;
    for (let attempt = 1; !probe; attempt += 1) {
      try {
        // A bare SOCKS connect first: Tor's reply code says exactly why an onion is out of reach,
        // and on success the rendezvous circuit it built carries the TLS probe that follows.
        const [host = '', port = '8443'] = address.split(':');
        const code = await socksReplyCode(socks, host, Number(port), 130_000).catch(() => 0);
        checkCancelled(signal);
        if (code !== 0) throw onionError(code, address);
        probe = await probeOnion(address, socks, identity, signal);
      } catch (err) {
        const reply = err instanceof BcmError ? err.detail?.['socksReply'] : undefined;
        const retryable = typeof reply === 'string' && ['offline', 'no-answer'].includes(onionFailureOf(Number(reply)));
        if (!retryable || attempt >= attempts) throw err;
        progress({ step, state: 'active', message: `The onion service did not answer yet; trying again (${attempt + 1}/${attempts})…` });
        await sleep(deps.retryDelayMs ?? 3_000, signal);
        checkCancelled(signal);
      }
    }
    if (probe.fingerprint !== bundle.lxdFingerprint) {
      throw new BcmError(
        'CERT_MISMATCH',
        `The LXD server behind ${bundle.onion} presents a certificate with fingerprint ${probe.fingerprint}, but the pairing bundle names ${bundle.lxdFingerprint}. Nothing was sent. Export a new bundle on the server; if the server was not reinstalled, someone may hold the onion service's key.`,
        { expected: bundle.lxdFingerprint, actual: probe.fingerprint },
      );
    }
    progress({ step, state: 'done' });

    step = 'trust';
    progress({ step, state: 'active' });
    if (!probe.trusted) {
      if (!bundle.trustToken) {
        throw new BcmError('AUTH_FAILED', 'The server does not trust this computer yet and the pairing bundle holds no trust token. Export a new bundle on the server (it includes a token).');
      }
      const token = parseTrustToken(bundle.trustToken);
      if (token.ok && isTokenExpired(token.token)) {
        throw new BcmError('TOKEN_INVALID', `The trust token in this bundle expired at ${token.token.expiresAt ?? '?'}. Export a new bundle on the server.`);
      }
      const pinned = { serverFingerprint: probe.fingerprint, serverCertificatePem: probe.pem };
      const transport = createOnionTransport({
        address,
        serverFingerprint: probe.fingerprint,
        prepare: async () => socks,
        current: () => socks,
        create: (s) => createHttpsTransport({ address, clientCertPem: identity.certPem, clientKeyPem: identity.keyPem, socksProxy: s, ...pinned }),
      });
      try {
        const client = new LxdClient(transport);
        await client.certificates.addWithToken({ token: bundle.trustToken, name: `bcm-${hostname()}`, certificatePem: identity.certPem, serverFingerprint: probe.fingerprint });
        const after = await client.server.get();
        if (after.auth !== 'trusted') throw new BcmError('AUTH_FAILED', 'The server took the trust token but still does not trust this computer. Check its trust list (`lxc config trust list`).');
      } finally {
        transport.close();
      }
    }
    progress({ step, state: 'done' });

    step = 'save';
    progress({ step, state: 'active' });
    const endpoint: Endpoint = {
      schemaVersion: 1,
      name,
      kind: 'onion',
      address,
      serverFingerprint: probe.fingerprint,
      serverCertificate: probe.pem,
      clientIdentity: 'client',
      onionClientAuth: secretName,
      addedAt: new Date().toISOString(),
    };
    const saved = await deps.endpoints.adopt(endpoint);
    progress({ step, state: 'done' });
    return saved;
  } catch (err) {
    progress({ step, state: 'failed', message: toErrorShape(err).message });
    if (keyWritten && bundle) {
      await deps.secrets.remove(secretName).catch(() => undefined);
      await deps.forgetKey(bundle.onion.replace(/\.onion$/, '')).catch(() => undefined);
    }
    throw err;
  }
}
