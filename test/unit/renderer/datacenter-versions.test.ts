import { describe, expect, it } from 'vitest';
import type { AvailableVersion, ComponentVersions } from '../../../src/shared/datacenter/versions';
import { compareVersions, installedVersion, pendingChange, upgradeTarget, versionLabel } from '../../../src/renderer/datacenters/versions/logic';

const release = (version: string, isDefault = false): AvailableVersion => ({ version, source: 'release', sha256: version.length.toString(16).padStart(64, 'a'), isDefault, note: 'manifest' });
const local = (version: string, note = 'local build listed in overrides.json'): AvailableVersion => ({ version, source: 'local', sha256: `${version.length}`.padStart(64, 'b'), isDefault: false, note });

function row(installed: Array<string | null>, desired: AvailableVersion, available: AvailableVersion[]): ComponentVersions {
  return {
    kind: 'lnd',
    title: 'LND',
    artifact: 'lnd',
    installed: installed.map((version, i) => ({ container: `lnd${i}`, version })),
    desired: { version: desired.version, source: desired.source, sha256: desired.sha256, pinned: desired.source === 'local' },
    available,
  };
}

describe('versions on the datacenter page', () => {
  it('orders versions by their numbers, whatever follows them', () => {
    expect(compareVersions('0.18.4-beta-localbuild', '0.18.5-beta')).toBeLessThan(0);
    expect(compareVersions('v0.24.2', '0.24.0')).toBeGreaterThan(0);
    expect(compareVersions('0.18.5-beta', '0.18.5-beta-localbuild')).toBe(0);
    expect(compareVersions('29.0', '3.9.1')).toBeGreaterThan(0);
    expect(compareVersions('local', '0.1')).toBeLessThan(0);
  });

  it('suggests the newest newer version of the kind in use, never a broken build', () => {
    const old = local('0.18.4-beta-localbuild');
    const fresh = local('0.18.5-beta-localbuild');
    const broken = local('0.18.5-beta-broken', 'local build listed in versions.json (deliberately broken test build)');
    const r = row(['0.18.4-beta-localbuild'], old, [release('0.18.5-beta', true), old, fresh, broken]);
    expect(upgradeTarget(r)?.version).toBe('0.18.5-beta-localbuild');
    // on a release, the newer release
    const onRelease = row(['0.18.4-beta'], release('0.18.4-beta'), [release('0.18.5-beta', true), release('0.18.4-beta'), fresh]);
    expect(upgradeTarget(onRelease)?.version).toBe('0.18.5-beta');
    // already the newest: nothing to upgrade to
    expect(upgradeTarget(row(['0.18.5-beta-localbuild'], fresh, [release('0.18.5-beta', true), old, fresh]))).toBeUndefined();
  });

  it('says when the wanted version is not installed yet, and reads mixed or unknown installs as unknown', () => {
    const old = local('0.18.4-beta-localbuild');
    const fresh = local('0.18.5-beta-localbuild');
    expect(pendingChange(row(['0.18.4-beta-localbuild'], fresh, [old, fresh]))).toBe(true);
    expect(pendingChange(row(['0.18.5-beta-localbuild'], fresh, [old, fresh]))).toBe(false);
    expect(installedVersion(row(['3.9.1', '3.9.0'], release('3.9.1'), []))).toBeNull();
    expect(installedVersion(row([null], release('3.9.1'), []))).toBeNull();
    expect(pendingChange(row([null], fresh, [fresh]))).toBe(false);
    expect(versionLabel(fresh)).toBe('0.18.5-beta-localbuild (local build)');
  });
});
