import QRCode from 'qrcode';
import { z } from 'zod';
import type { PairingSummary } from '../../shared/channels/tor';
import { endpointNameSchema, fingerprintSchema } from '../../shared/endpoints';
import { BcmError } from '../../shared/errors';
import { parseTrustToken } from '../../shared/trust-token';
import { checkOnionAddress, clientAuthPublicOf, isClientAuthKey } from './keys';

/**
 * A pairing bundle: everything a laptop needs to reach a home server's LXD over its onion
 * service, in one piece of text that is also a QR code — the onion address, this client's
 * x25519 private key, the LXD certificate fingerprint to pin, and a one-time LXD trust token.
 * Text form: `bcm-pairing:1:<base64url of the JSON>`. Pure (plus the QR renderer).
 */

export const PAIRING_PREFIX = 'bcm-pairing:';
const VERSION = 1;

export const pairingBundleSchema = z
  .object({
    bcmPairing: z.literal(VERSION),
    name: endpointNameSchema,
    onion: z.string(),
    port: z.number().int().min(1).max(65535),
    clientName: z.string().min(1).max(64),
    /** base32, 52 characters (x25519 private key) */
    clientAuthKey: z.string(),
    lxdFingerprint: fingerprintSchema,
    trustToken: z.string().optional(),
    createdAt: z.string(),
  })
  .strict();
export type PairingBundle = z.infer<typeof pairingBundleSchema>;

export function encodePairing(bundle: PairingBundle): string {
  return `${PAIRING_PREFIX}${VERSION}:${Buffer.from(JSON.stringify(pairingBundleSchema.parse(bundle)), 'utf8').toString('base64url')}`;
}

function invalid(message: string): BcmError {
  return new BcmError('VALIDATION', message, { field: 'bundle', reason: 'pairing-malformed' });
}

const NEXT = 'Export a new pairing bundle on the server and try again.';

/** Reads a bundle (its text form, or the bare JSON); every defect is a VALIDATION error naming it. */
export function decodePairing(text: string): PairingBundle {
  const input = text.trim();
  let json: unknown;
  if (input.startsWith(PAIRING_PREFIX)) {
    const m = /^bcm-pairing:(\d+):([A-Za-z0-9_-]+)$/.exec(input.replace(/\s+/g, ''));
    if (!m?.[1] || !m[2]) throw invalid(`This pairing bundle is damaged (it may have been cut short when copied). ${NEXT}`);
    if (Number(m[1]) > VERSION) throw invalid(`This pairing bundle was made by a newer version of BCM (format ${m[1]}). Update BCM, then import it again.`);
    try {
      json = JSON.parse(Buffer.from(m[2], 'base64url').toString('utf8'));
    } catch {
      throw invalid(`This pairing bundle is damaged (it may have been cut short when copied). ${NEXT}`);
    }
  } else if (input.startsWith('{')) {
    try {
      json = JSON.parse(input);
    } catch {
      throw invalid(`This pairing bundle is not valid JSON. ${NEXT}`);
    }
  } else {
    throw invalid('This is not a BCM pairing bundle: it should start with "bcm-pairing:". On the server, open the Tor page, add a client to the onion service and export its bundle.');
  }
  const version = (json as { bcmPairing?: unknown } | null)?.bcmPairing;
  if (typeof version === 'number' && version > VERSION) {
    throw invalid(`This pairing bundle was made by a newer version of BCM (format ${version}). Update BCM, then import it again.`);
  }
  const parsed = pairingBundleSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`This pairing bundle is incomplete or damaged (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'}). ${NEXT}`);
  }
  const bundle = parsed.data;
  const onion = checkOnionAddress(bundle.onion);
  if (!onion.ok) throw invalid(`The onion address in this pairing bundle is not valid: ${onion.reason} ${NEXT}`);
  if (!isClientAuthKey(bundle.clientAuthKey)) throw invalid(`The client key in this pairing bundle is not a valid x25519 key. ${NEXT}`);
  try {
    clientAuthPublicOf(bundle.clientAuthKey);
  } catch {
    throw invalid(`The client key in this pairing bundle is not a valid x25519 key. ${NEXT}`);
  }
  if (bundle.trustToken !== undefined) {
    const token = parseTrustToken(bundle.trustToken);
    if (!token.ok) throw invalid(`The LXD trust token in this pairing bundle is damaged (${token.reason}). ${NEXT}`);
    if (token.token.fingerprint !== bundle.lxdFingerprint) {
      throw invalid(`The LXD trust token in this pairing bundle was made by a different server than the one it names (the certificate fingerprints differ). ${NEXT}`);
    }
  }
  return { ...bundle, onion: `${onion.serviceId}.onion` };
}

export function summarise(bundle: PairingBundle): PairingSummary {
  const summary: PairingSummary = {
    name: bundle.name,
    onionAddress: bundle.onion,
    port: bundle.port,
    lxdFingerprint: bundle.lxdFingerprint,
    clientName: bundle.clientName,
    createdAt: bundle.createdAt,
    hasTrustToken: bundle.trustToken !== undefined,
  };
  if (bundle.trustToken !== undefined) {
    const token = parseTrustToken(bundle.trustToken);
    if (token.ok && token.token.expiresAt) summary.tokenExpiresAt = token.token.expiresAt;
  }
  return summary;
}

/** The bundle's text as a QR code (SVG). Medium error correction: readable from a screen photo. */
export function pairingQrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** "bcm-home-laptop.bcmpair" */
export function pairingFileName(bundle: PairingBundle): string {
  return `bcm-${bundle.name}-${bundle.clientName}.bcmpair`.replace(/[^A-Za-z0-9._-]/g, '-');
}
