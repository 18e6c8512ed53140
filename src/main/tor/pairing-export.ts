import type { PairingExport } from '../../shared/channels/tor';
import { BcmError } from '../../shared/errors';
import type { LxdClient } from '../lxd';
import type { OnionServiceManager } from './onion-service';
import { encodePairing, pairingFileName, pairingQrSvg, summarise, type PairingBundle } from './pairing';

/** What the server side needs from the LXD behind an onion service to pair a client. */
export interface LxdTrustSource {
  /** the LXD server certificate fingerprint the client will pin */
  fingerprint(): Promise<string>;
  /** a one-time trust token for the client's certificate */
  createToken(clientName: string): Promise<string>;
}

/** The trust source of an LXD BCM manages (e.g. this computer's, over its unix socket). */
export function lxdTrustSource(client: LxdClient): LxdTrustSource {
  return {
    async fingerprint() {
      const fp = (await client.server.get()).environment?.certificate_fingerprint;
      if (!fp) throw new BcmError('LXD_ERROR', 'LXD did not tell its certificate fingerprint (is this connection trusted?).');
      return fp;
    },
    async createToken(clientName) {
      return (await client.certificates.createToken({ name: clientName })).token;
    },
  };
}

/**
 * Where the onion service should forward for an LXD listening on `httpsAddress`
 * (core.https_address): loopback when it listens on all addresses.
 */
export function onionTargetFor(httpsAddress: string | undefined): string {
  if (!httpsAddress) {
    throw new BcmError(
      'PRECONDITION_FAILED',
      "LXD on this computer does not listen on the network, so there is nothing to publish. Let it listen on loopback (the onion service forwards there): `lxc config set core.https_address 127.0.0.1:8443`, then try again.",
      { reason: 'lxd-no-https' },
    );
  }
  const m = /^(?:\[([^\]]*)\]|([^:]*))(?::(\d+))?$/.exec(httpsAddress.trim());
  const host = m?.[1] ?? m?.[2] ?? '';
  const port = m?.[3] ?? '8443';
  const any = host === '' || host === '0.0.0.0' || host === '::';
  if (any) return `127.0.0.1:${port}`;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Authorises a new client of an onion service and builds its pairing bundle (file text and QR
 * code). The client's private key exists only in the returned bundle. If the LXD token cannot
 * be made, the client is revoked again.
 */
export async function exportPairing(input: {
  manager: OnionServiceManager;
  service: string;
  clientName: string;
  lxd: LxdTrustSource;
  /** the endpoint name suggested to the client */
  endpointName: string;
}): Promise<PairingExport> {
  const fingerprint = await input.lxd.fingerprint();
  const added = await input.manager.addClient(input.service, input.clientName);
  let token: string;
  try {
    token = await input.lxd.createToken(`bcm-pair-${input.clientName}`);
  } catch (err) {
    await input.manager.revokeClient(input.service, input.clientName).catch(() => undefined);
    throw err;
  }
  const bundle: PairingBundle = {
    bcmPairing: 1,
    name: input.endpointName,
    onion: added.service.onionAddress,
    port: added.service.virtualPort,
    clientName: input.clientName,
    clientAuthKey: added.privateKey,
    lxdFingerprint: fingerprint,
    trustToken: token,
    createdAt: new Date().toISOString(),
  };
  const text = encodePairing(bundle);
  return { bundle: text, qrSvg: await pairingQrSvg(text), fileName: pairingFileName(bundle), summary: summarise(bundle), service: added.service };
}
