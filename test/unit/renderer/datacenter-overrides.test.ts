import { describe, expect, it } from 'vitest';
import { artifacts } from '../../../src/shared/datacenter/artifacts';
import { overrideRows, parseOverrides, shortHash } from '../../../src/renderer/datacenters/lib/overrides';

const hash = 'ab'.repeat(32);

describe('parseOverrides', () => {
  it('reads overrides.json as the test artifacts script writes it', () => {
    const text = `{\n  "btcd": { "version": "0.24.2-localbuild", "sha256": "${hash.toUpperCase()}" },\n  "lnd": { "version": "0.18.5-beta-localbuild", "sha256": "${hash}" }\n}`;
    const parsed = parseOverrides(text);
    expect(parsed).toEqual({
      ok: true,
      overrides: {
        btcd: { version: '0.24.2-localbuild', sha256: hash },
        lnd: { version: '0.18.5-beta-localbuild', sha256: hash },
      },
    });
  });

  it('refuses what is not an overrides file, saying where', () => {
    expect(parseOverrides('')).toMatchObject({ ok: false });
    expect(parseOverrides('{nope')).toMatchObject({ ok: false, error: expect.stringContaining('not JSON') });
    expect(parseOverrides('[]')).toMatchObject({ ok: false, error: expect.stringContaining('object') });
    expect(parseOverrides('{}')).toMatchObject({ ok: false, error: 'The file lists no artifacts.' });
    expect(parseOverrides('{"btcd": {"version": "1", "sha256": "abc"}}')).toMatchObject({
      ok: false,
      error: expect.stringContaining('"btcd".sha256'),
    });
    expect(parseOverrides(`{"Bad Name": {"version": "1", "sha256": "${hash}"}}`)).toMatchObject({ ok: false });
    expect(parseOverrides(`{"btcd": {"sha256": "${hash}"}}`)).toMatchObject({
      ok: false,
      error: expect.stringContaining('version'),
    });
  });
});

describe('overrideRows', () => {
  it('sorts rows, names the release replaced and flags unused entries', () => {
    const rows = overrideRows(
      { 'my-tool': { version: '2', sha256: hash }, 'bitcoin-core': { version: '1', sha256: hash } },
      ['bitcoin-core'],
    );
    expect(rows.map((r) => r.name)).toEqual(['bitcoin-core', 'my-tool']);
    expect(rows[0]).toMatchObject({ replaces: artifacts['bitcoin-core']?.version, unused: false });
    expect(rows[1]).toMatchObject({ unused: true });
    expect(rows[1]?.replaces).toBeUndefined();
    expect(shortHash(hash)).toBe('abababab…ababab');
    expect(shortHash('abc')).toBe('abc');
  });
});
