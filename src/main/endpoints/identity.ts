import { hostname } from 'node:os';
import { generateClientIdentity, fingerprintOfPem } from '../lxd';
import type { SecretStore } from '../store/secrets';

export interface ClientIdentity {
  certPem: string;
  keyPem: string;
  fingerprint: string;
}

const CERT = 'client.crt';
const KEY = 'client.key';

/**
 * This installation's LXD client certificate (~/.bcm/secrets/client.{crt,key}, 0600), made on
 * first use. One identity serves every remote; LXD trusts it per server.
 */
export async function ensureClientIdentity(secrets: SecretStore): Promise<ClientIdentity> {
  const [certPem, keyPem] = await Promise.all([secrets.read(CERT), secrets.read(KEY)]);
  if (certPem && keyPem) return { certPem, keyPem, fingerprint: fingerprintOfPem(certPem) };
  const made = await generateClientIdentity(`bcm@${hostname()}`);
  // key first: a crash in between leaves a key without a certificate, which is simply remade
  await secrets.write(KEY, made.keyPem);
  await secrets.write(CERT, made.certPem);
  return { certPem: made.certPem, keyPem: made.keyPem, fingerprint: made.fingerprint };
}
