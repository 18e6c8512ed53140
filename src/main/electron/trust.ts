// Which frames may call main, and where the window may navigate: only the app's own document.
// Pure (no 'electron' import) so the rule is unit-tested as the binding uses it.
//
// The renderer routes by hash (`#/endpoints`) and Electron's frame URL carries the hash, so the
// fragment is not part of the comparison; everything else (scheme, host, path, query) must match.

export function isAppDocument(url: string, appUrl: string): boolean {
  let a: URL;
  let b: URL;
  try {
    a = new URL(url);
    b = new URL(appUrl);
  } catch {
    return false;
  }
  return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname && a.search === b.search && a.username === '' && a.password === '';
}
