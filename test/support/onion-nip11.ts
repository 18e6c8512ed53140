// A Nostr relay's NIP-11 document as a client reaches it over an onion: HTTP GET / with
// `Accept: application/nostr+json` through a Tor client's SOCKS port (socks5h, so Tor resolves the
// .onion). Test and bench only.
import { request } from 'node:http';
import { SocksProxyAgent } from 'socks-proxy-agent';
import type { PhoneTor } from './tor-client';

export interface Answer {
  status: number;
  body: string;
}

/** GET / with NIP-11's Accept header, through the client's Tor (socks5h: Tor resolves the .onion). */
export function nip11(tor: PhoneTor, onion: string, port: number, timeoutMs = 45_000): Promise<Answer> {
  const agent = new SocksProxyAgent(`socks5h://127.0.0.1:${tor.socksPort}`, { timeout: timeoutMs });
  return new Promise<Answer>((resolve, reject) => {
    const req = request({ host: onion, port, path: '/', agent, headers: { Accept: 'application/nostr+json' }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end();
  });
}

/** Retries while the onion is not reachable yet (descriptor not stored, circuits building). */
export async function firstNip11(tor: PhoneTor, onion: string, port: number, deadlineMs: number): Promise<{ answer?: Answer; errors: string[] }> {
  const errors: string[] = [];
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    try {
      return { answer: await nip11(tor, onion, port), errors };
    } catch (err) {
      errors.push((err as Error).message);
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }
  return { errors };
}

