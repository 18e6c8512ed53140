/** The renderer's Content-Security-Policy inside Electron: its own files only, no network. */
export const rendererCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The same policy as a `<meta http-equiv>` in the window's HTML: `file://` pages may not get the
 * response headers set through `webRequest`, so the document carries the policy itself.
 * (`frame-ancestors` is ignored in a meta policy; the header keeps it.)
 */
export function withCspMeta(html: string, csp: string = rendererCsp): string {
  const policy = csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '' && !d.startsWith('frame-ancestors'))
    .join('; ');
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}" />`;
  const at = html.search(/<meta charset=[^>]*>/i);
  if (at < 0) throw new Error('the renderer HTML has no <meta charset>: the policy must come first in <head>');
  const end = html.indexOf('>', at) + 1;
  return `${html.slice(0, end)}\n    ${tag}${html.slice(end)}`;
}
