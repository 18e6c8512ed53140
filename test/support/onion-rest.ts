// lnd's REST API as a phone's wallet calls it: through a Tor client's SOCKS port (socks5h, so Tor
// resolves the .onion), TLS checked against the certificate of the lndconnect URI (hostname
// included) and nothing else, the URI's macaroon in the header. Test and bench only.
import { request } from 'node:https';
import { SocksProxyAgent } from 'socks-proxy-agent';
import { derToPem, type LndConnect } from '../../src/shared/services/lndconnect';
import type { PhoneTor } from './tor-client';

export interface Answer {
  status: number;
  body: string;
}

/** lnd's REST through the phone's Tor, TLS checked against the URI's certificate (hostname included). */
export function restViaOnion(tor: PhoneTor, c: LndConnect, method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = 45_000): Promise<Answer> {
  const agent = new SocksProxyAgent(`socks5h://127.0.0.1:${tor.socksPort}`, { timeout: timeoutMs });
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      {
        host: c.host,
        port: c.port,
        path,
        method,
        agent,
        ca: derToPem(c.certDer),
        headers: { 'Grpc-Metadata-macaroon': Buffer.from(c.macaroon).toString('hex'), ...(body ? { 'Content-Type': 'application/json' } : {}) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

/** Retries while the onion is not reachable yet (descriptor not stored, circuits building); returns the first HTTP answer. */
export async function firstAnswer(tor: PhoneTor, c: LndConnect, method: 'GET' | 'POST', path: string, body: unknown, deadlineMs: number): Promise<{ answer?: Answer; errors: string[] }> {
  const errors: string[] = [];
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    try {
      return { answer: await restViaOnion(tor, c, method, path, body), errors };
    } catch (err) {
      errors.push((err as Error).message);
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }
  return { errors };
}

