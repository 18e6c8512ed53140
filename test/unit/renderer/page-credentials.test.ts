// The page's side of one-time links, against a stand-in for window (location, history, storage).
import { describe, expect, it } from 'vitest';
import { followNewLinks, keepSession, takeCredential, type PageEnv, type TabStorage } from '../../../src/renderer/boot/credentials';

class FakePage implements PageEnv {
  hash: string;
  readonly store = new Map<string, string>();
  readonly reloads: string[] = [];
  private readonly listeners: (() => void)[] = [];
  storageDisabled = false;

  constructor(hash: string) {
    this.hash = hash;
  }

  get location(): PageEnv['location'] {
    return { hash: this.hash, pathname: '/', search: '', reload: () => this.reloads.push(this.hash) };
  }

  readonly history: PageEnv['history'] = {
    state: null,
    replaceState: (_data, _unused, url) => {
      const at = url.indexOf('#');
      this.hash = at < 0 ? '' : url.slice(at);
    },
  };

  storage(): TabStorage {
    if (this.storageDisabled) throw new Error('SecurityError: storage is disabled');
    return {
      getItem: (k) => this.store.get(k) ?? null,
      setItem: (k, v) => void this.store.set(k, v),
      removeItem: (k) => void this.store.delete(k),
    };
  }

  onHashChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** the user navigates this tab to another hash (typing or pasting a link in the address bar) */
  navigateHash(hash: string): void {
    this.hash = hash;
    for (const l of this.listeners) l();
  }

  /** a reload: the same tab storage, a fresh page */
  reload(): FakePage {
    const next = new FakePage(this.hash);
    for (const [k, v] of this.store) next.store.set(k, v);
    return next;
  }
}

describe('a tab and its one-time link', () => {
  it('presents the link once, takes it out of the address bar, and its session after a reload', () => {
    const tab = new FakePage('#token=first');
    expect(takeCredential(tab)).toBe('first');
    expect(tab.hash).toBe('');
    keepSession(tab, 'session-1'); // the host spent the link and gave this tab a session
    const reloaded = tab.reload();
    expect(takeCredential(reloaded)).toBe('session-1');
  });

  it('a new link pasted into the same tab is kept and the page loads anew to present it', () => {
    // a tab that was told its link was spent (or that has a session) gets a new link in its address bar
    const tab = new FakePage('#token=first');
    followNewLinks(tab);
    takeCredential(tab);
    keepSession(tab, 'session-1');
    tab.navigateHash('#token=second');
    expect(tab.reloads).toHaveLength(1);
    expect(tab.hash).toBe(''); // the token left the address bar before the router could rewrite it
    // the app's router rewrites the hash to a route before the reload happens
    tab.hash = '#/endpoints';
    expect(takeCredential(tab.reload())).toBe('second');
  });

  it('ignores the app’s own route changes', () => {
    const tab = new FakePage('#token=first');
    followNewLinks(tab);
    takeCredential(tab);
    tab.navigateHash('#/datacenters');
    tab.navigateHash('#/endpoints');
    expect(tab.reloads).toEqual([]);
  });

  it('works for one page load without storage (disabled by the browser)', () => {
    const tab = new FakePage('#token=first');
    tab.storageDisabled = true;
    expect(takeCredential(tab)).toBe('first');
    keepSession(tab, 'session-1');
    expect(takeCredential(tab.reload())).toBeNull();
  });
});
