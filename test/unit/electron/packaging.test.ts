// The Electron shell's hardening that lives outside its code: the CSP the window's document carries
// itself (file:// pages may not get webRequest headers) and the fuses electron-builder burns in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rendererCsp, withCspMeta } from '../../../src/main/electron/csp';

const root = join(import.meta.dirname, '..', '..', '..');

describe('the CSP as a <meta> in electron.html', () => {
  const html = withCspMeta(readFileSync(join(root, 'src', 'renderer', 'index.html'), 'utf8'));

  it('comes right after <meta charset>, before any script or stylesheet', () => {
    const meta = html.indexOf('http-equiv="Content-Security-Policy"');
    expect(meta).toBeGreaterThan(html.indexOf('<meta charset'));
    expect(meta).toBeLessThan(html.indexOf('<script'));
    expect(meta).toBeLessThan(html.indexOf('<link'));
  });

  it('is the policy of the response header, less frame-ancestors (ignored in a meta)', () => {
    const content = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    const header = rendererCsp.split('; ').filter((d) => !d.startsWith('frame-ancestors'));
    expect(content.split('; ')).toEqual(header);
    expect(content).toContain("connect-src 'none'");
    expect(content).toContain("script-src 'self'");
  });

  it('refuses HTML without <meta charset> rather than putting the policy late', () => {
    expect(() => withCspMeta('<html><head><script src="x.js"></script></head></html>')).toThrow(/meta charset/);
  });
});

describe('Electron fuses in the packaging config', () => {
  const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as { electronFuses?: Record<string, boolean>; asar?: boolean };

  it('turn off RunAsNode, NODE_OPTIONS and --inspect; encrypt cookies; check and require the ASAR', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it("are spelled as electron-builder's own schema names them (a misspelt key would be no fuse at all)", () => {
    const schema = JSON.parse(readFileSync(join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as {
      properties: Record<string, unknown>;
      definitions: { FuseOptionsV1: { properties: Record<string, { type?: string }> } };
    };
    for (const key of Object.keys(config)) expect(Object.keys(schema.properties), `electron-builder.yml: ${key}`).toContain(key);
    const fuses = schema.definitions.FuseOptionsV1.properties;
    for (const [key, value] of Object.entries(config.electronFuses ?? {})) {
      expect(fuses[key]?.type, `electronFuses.${key}`).toBe('boolean');
      expect(typeof value).toBe('boolean');
    }
  });
});
