// The page's side of one-time links: which credential a page load presents.
import { describe, expect, it } from 'vitest';
import { chooseCredential } from '../../../src/renderer/boot/token';

describe('chooseCredential', () => {
  it('presents a new link as it is, and forgets the session of an older one', () => {
    expect(chooseCredential('new', { link: 'old', session: 's-old' })).toEqual({ present: 'new', store: { link: 'new', session: null } });
    expect(chooseCredential('first', { link: null, session: null })).toEqual({ present: 'first', store: { link: 'first', session: null } });
  });

  it('uses the tab session for the link it already spent (a reload, or the same link opened again)', () => {
    expect(chooseCredential('t', { link: 't', session: 's' })).toEqual({ present: 's', store: { link: 't', session: 's' } });
    expect(chooseCredential(null, { link: 't', session: 's' })).toEqual({ present: 's', store: { link: 't', session: 's' } });
  });

  it('falls back to the link while no session was given yet, and to nothing without either', () => {
    expect(chooseCredential(null, { link: 't', session: null }).present).toBe('t');
    expect(chooseCredential(null, { link: null, session: null }).present).toBeNull();
  });
});
