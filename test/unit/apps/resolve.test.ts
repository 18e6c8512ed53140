import { describe, expect, it } from 'vitest';
import type { AppManifest } from '../../../src/shared/apps/manifest';
import { testApp } from './fixtures';
import { resolveApps } from '../../../src/shared/apps/resolve';
import { defaultSpec } from '../../../src/shared/datacenter/spec';

const app = testApp;

const spec = defaultSpec('dc', 'local'); // bitcoind + lnd, no Kafka
const all = (...apps: AppManifest[]) => Object.fromEntries(apps.map((a) => [a.metadata.id, a]));

describe('the apps resolver', () => {
  it('orders apps after the apps they need (directly or through a role)', () => {
    const r = resolveApps(spec, ['ui', 'relay', 'indexer'], all(app('ui', { requires: { roles: ['index'] } }), app('indexer', { requires: { apps: ['relay'] }, provides: [{ role: 'index' }] }), app('relay')));
    expect(r.blockers).toEqual([]);
    expect(r.order).toEqual(['relay', 'indexer', 'ui']);
  });

  it('accepts the built-in roles the spec provides and blocks the missing ones, naming the app', () => {
    expect(resolveApps(spec, ['wallet'], all(app('wallet', { requires: { roles: ['bitcoin-node', 'lightning'] } }))).blockers).toEqual([]);
    const r = resolveApps(spec, ['stream'], all(app('stream', { requires: { roles: ['kafka'] } })));
    expect(r.blockers).toEqual(['STREAM (stream) requires the role "kafka", and nothing in this datacenter provides it: turn on Kafka.']);
  });

  it('blocks two providers of an exclusive role, a built-in one included', () => {
    const r = resolveApps(spec, ['aa', 'bb', 'node'], all(app('aa', { provides: [{ role: 'relay', exclusive: true }] }), app('bb', { provides: [{ role: 'relay' }] }), app('node', { provides: [{ role: 'bitcoin-node' }] })));
    expect(r.blockers).toEqual([
      'Only one provider of the role "bitcoin-node" can run in a datacenter, and Bitcoin Core and NODE (node) both provide it: remove one of them.',
      'Only one provider of the role "relay" can run in a datacenter, and AA (aa) and BB (bb) both provide it: remove one of them.',
    ]);
  });

  it('blocks a cycle, naming its apps in order, once', () => {
    const r = resolveApps(spec, ['aa', 'bb', 'cc'], all(app('aa', { requires: { apps: ['bb'] } }), app('bb', { requires: { apps: ['cc'] } }), app('cc', { requires: { apps: ['aa'] } })));
    expect(r.blockers).toEqual(['The apps depend on each other in a cycle: AA (aa) → BB (bb) → CC (cc) → AA (aa). Remove one of them.']);
  });

  it('blocks a missing app, a required app left out, a conflict and a taken container name', () => {
    const r = resolveApps(spec, ['gone', 'ui', 'xx', 'yy'], all(app('ui', { requires: { apps: ['relay'] } }), app('relay'), app('xx', { conflicts: ['yy'] }), app('yy', { container: 'lnd' })));
    expect(r.blockers).toEqual([
      'The app "gone" is in the datacenter\'s settings but no valid manifest of it is installed: put its manifest back in ~/.bcm/apps/ (see the Apps list for errors) or remove the app.',
      'UI (ui) requires the app "relay", which is not in this datacenter: add it too.',
      'XX (xx) cannot run beside YY (yy) (its manifest says they conflict): remove one of them.',
      'YY (yy) wants a container named "lnd", a name BCM\'s own components use: the app\'s manifest must choose another.',
    ]);
  });
});
