import { timingSafeEqual } from 'node:crypto';

/**
 * The browser host listens on loopback only; these checks stop other pages in the same browser
 * (foreign Origin), DNS-rebinding (foreign Host) and other local users without the token.
 */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader !== undefined && allowedHosts(port).has(hostHeader.toLowerCase());
}

export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return false;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The renderer's CSP: its own scripts and styles, a WebSocket back to this host, nothing else. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Mantine injects CSS variables at run time through style elements
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
