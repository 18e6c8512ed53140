import { SESSION_STORAGE_KEY, TOKEN_STORAGE_KEY, chooseCredential, extractHashToken, type StoredCredentials } from './token';

/** The part of the tab's sessionStorage used here (its own type: the tests type-check without the DOM). */
export interface TabStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** What the page's credential handling needs from the browser: `window` in the app, a stand-in in tests. */
export interface PageEnv {
  location: { readonly hash: string; readonly pathname: string; readonly search: string; reload(): void };
  history: { readonly state: unknown; replaceState(data: unknown, unused: string, url: string): void };
  /** the tab's sessionStorage; undefined (or throwing) where storage is disabled */
  storage(): TabStorage | undefined;
  onHashChange(listener: () => void): void;
}

function withStorage<T>(env: PageEnv, fn: (storage: TabStorage) => T): T | undefined {
  try {
    const storage = env.storage();
    return storage === undefined ? undefined : fn(storage);
  } catch {
    return undefined; // storage disabled: the credential then only lives for this page load
  }
}

/** Takes a link's token out of the visible URL (it stays in this tab's storage only). */
function takeHashToken(env: PageEnv): string | null {
  const { token, rest } = extractHashToken(env.location.hash);
  if (token !== null) env.history.replaceState(env.history.state, '', `${env.location.pathname}${env.location.search}${rest}`);
  return token;
}

function remember(env: PageEnv, hashToken: string | null): string | null {
  const stored: StoredCredentials = {
    link: withStorage(env, (s) => s.getItem(TOKEN_STORAGE_KEY)) ?? null,
    session: withStorage(env, (s) => s.getItem(SESSION_STORAGE_KEY)) ?? null,
  };
  const { present, store } = chooseCredential(hashToken, stored);
  withStorage(env, (s) => {
    if (store.link === null) s.removeItem(TOKEN_STORAGE_KEY);
    else s.setItem(TOKEN_STORAGE_KEY, store.link);
    if (store.session === null) s.removeItem(SESSION_STORAGE_KEY);
    else s.setItem(SESSION_STORAGE_KEY, store.session);
  });
  return present;
}

/** The credential this page load presents to the host: a new link's token, or this tab's session. */
export function takeCredential(env: PageEnv): string | null {
  return remember(env, takeHashToken(env));
}

/** Keeps the session the host gave this tab for its link (the link itself is spent now). */
export function keepSession(env: PageEnv, secret: string): void {
  withStorage(env, (s) => s.setItem(SESSION_STORAGE_KEY, secret));
}

/**
 * A new link pasted into this tab's address bar only changes the hash: the page would stay as it
 * was (refused, or connected with the old session) and the app's router would drop the token from
 * the hash. Keep the new token for this tab and load the page anew, so it is presented.
 */
export function followNewLinks(env: PageEnv): void {
  env.onHashChange(() => {
    const token = takeHashToken(env);
    if (token === null) return;
    remember(env, token);
    env.location.reload();
  });
}
