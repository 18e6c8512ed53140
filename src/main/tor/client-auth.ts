import { BcmError } from '../../shared/errors';
import type { TorControl } from './control/client';
import { base32ToBase64, checkOnionAddress, isClientAuthKey } from './keys';

/**
 * Client side of onion client authorisation. A key is kept under ~/.bcm/secrets in Tor's own
 * `.auth_private` form (`<address>:descriptor:x25519:<base32 private key>`), and given to BCM's
 * Tor with ONION_CLIENT_AUTH_ADD (not permanent: Tor's data folder holds no secret) on every
 * start of Tor.
 */

export function formatAuthPrivate(serviceId: string, privateKeyBase32: string): string {
  return `${serviceId}:descriptor:x25519:${privateKeyBase32.toUpperCase()}\n`;
}

export function parseAuthPrivate(text: string): { serviceId: string; privateKey: string } | undefined {
  const m = /^([a-z2-7]{56}):descriptor:x25519:([A-Za-z2-7]{52})\s*$/.exec(text.trim());
  if (!m?.[1] || !m[2] || !checkOnionAddress(m[1]).ok || !isClientAuthKey(m[2])) return undefined;
  return { serviceId: m[1], privateKey: m[2] };
}

/** The secret's file name under ~/.bcm/secrets for an onion endpoint. */
export function clientAuthSecretName(endpointName: string): string {
  return `onion-auth-${endpointName}.auth_private`;
}

export interface SecretReader {
  read(name: string): Promise<string | undefined>;
}

export interface TorHandle {
  readonly control: TorControl | undefined;
  readonly generation: number;
  onReady(hook: (control: TorControl) => Promise<void>): () => void;
}

export class OnionClientKeys {
  /** serviceId -> secret name */
  private readonly known = new Map<string, string>();
  /** serviceId -> the Tor generation that has the key */
  private readonly given = new Map<string, number>();

  constructor(
    private readonly tor: TorHandle,
    private readonly secrets: SecretReader,
  ) {
    tor.onReady(async (control) => {
      for (const [serviceId, secret] of this.known) await this.give(control, serviceId, secret);
    });
  }

  /** Makes sure the running Tor has the key for this service (read from the named secret). */
  async ensure(serviceId: string, secretName: string): Promise<void> {
    this.known.set(serviceId, secretName);
    if (this.given.get(serviceId) === this.tor.generation) return;
    const control = this.tor.control;
    if (!control) throw new BcmError('UNREACHABLE', "BCM's Tor is not running. Start it on the Tor page, then try again.", { reason: 'tor-stopped' });
    await this.give(control, serviceId, secretName);
  }

  private async give(control: TorControl, serviceId: string, secretName: string): Promise<void> {
    const text = await this.secrets.read(secretName);
    const parsed = text === undefined ? undefined : parseAuthPrivate(text);
    if (!parsed || parsed.serviceId !== serviceId) {
      throw new BcmError(
        'NOT_FOUND',
        `The client key for ${serviceId}.onion is missing or damaged in ~/.bcm/secrets (${secretName}). Remove this endpoint and import its pairing bundle again.`,
        { reason: 'onion-key-missing', secret: secretName },
      );
    }
    await control.clientAuthAdd(serviceId, base32ToBase64(parsed.privateKey));
    this.given.set(serviceId, this.tor.generation);
  }

  /** Forgets a key (endpoint removed, or an import undone); Tor drops it too. */
  async forget(serviceId: string): Promise<void> {
    this.known.delete(serviceId);
    this.given.delete(serviceId);
    await this.tor.control?.clientAuthRemove(serviceId).catch(() => undefined);
  }
}
