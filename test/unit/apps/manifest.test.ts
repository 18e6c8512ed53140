import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, parseManifest } from '../../../src/shared/apps/parse';
import { renderTemplate, templateIssues, TemplateError } from '../../../src/shared/apps/template';

const shipped = (file: string): string => readFileSync(join(__dirname, '../../../apps', file), 'utf8');

const minimal = `apiVersion: bcm/v1
kind: App
metadata:
  id: echo
  title: Echo
  description: An echo server
  version: "1.0"
spec:
  containers:
    - name: echo
      size: { cpus: 1, memoryMiB: 128, diskGiB: 1 }
      user: { name: echo, uid: 2300 }
      health:
        tcp: { port: 7 }
`;

describe('app manifests: parsing and validation with positions', () => {
  it('reads the manifests BCM ships', () => {
    for (const file of ['nostr-relay.yaml', 'relay-api-explorer.yaml']) {
      const parsed = parseManifest(shipped(file));
      expect(parsed.ok ? [] : parsed.issues.map((i) => formatIssue(file, i))).toEqual([]);
    }
  });

  it('accepts a minimal manifest and fills the defaults', () => {
    const parsed = parseManifest(minimal);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.manifest.spec.containers[0]!.health.timeoutS).toBe(120);
    expect(parsed.manifest.spec.requires).toEqual({ roles: [], apps: [] });
  });

  it('points a wrong value at its line and column', () => {
    const parsed = parseManifest(minimal.replace('cpus: 1', 'cpus: 0'));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0]).toMatchObject({ line: 11, column: 21, path: 'spec.containers.0.size.cpus' });
  });

  it('points a missing field at its parent, and an unknown top-level key', () => {
    const parsed = parseManifest(minimal.replace('  title: Echo\n', '') + 'extra: 1\n');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const byPath = Object.fromEntries(parsed.issues.map((i) => [i.path, i]));
    expect(byPath['metadata.title']).toMatchObject({ line: 4, column: 3 });
    expect(parsed.issues.some((i) => /extra/.test(i.message) && i.line === 1)).toBe(true);
  });

  it('reports YAML syntax errors with their position', () => {
    const parsed = parseManifest('apiVersion: bcm/v1\nkind: [App\n');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses shell strings and unknown facts', () => {
    const bad = minimal.replace(
      '      health:',
      [
        '      services:',
        '        - name: echo',
        '          exec: "sh -c \'echo hi\'"',
        '      files:',
        '        - path: /etc/echo.conf',
        '          content: "{{ env.home }} {{ a + b }}"',
        '      health:',
      ].join('\n'),
    );
    const parsed = parseManifest(bad);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const messages = parsed.issues.map((i) => `${i.line}:${i.path}: ${i.message}`).join('\n');
    expect(messages).toMatch(/15:spec\.containers\.0\.services\.0\.exec: .*array/i);
    expect(messages).toMatch(/18:.*unknown fact "env"/);
    expect(messages).toMatch(/18:.*a \+ b .*not a fact name/);
  });

  it('refuses a secret or a role a template uses without declaring it', () => {
    const bad = minimal.replace('      health:', '      files:\n        - path: /etc/echo.conf\n          content: "{{ secret.pw }} {{ role.lightning.host }}"\n      health:');
    const parsed = parseManifest(bad);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => `${i.line}: ${i.message}`)).toEqual([
      '15: {{ secret.pw }}: declare "pw" in spec.secrets first.',
      '15: {{ role.lightning.host }}: add "lightning" to spec.requires.roles first.',
    ]);
  });

  it('refuses a tile that would show a secret (tiles go to the renderer)', () => {
    const parsed = parseManifest(`${minimal.replace('spec:\n', 'spec:\n  secrets: [pw]\n')}  tiles:\n    - title: Password\n      value: "{{ secret.pw }}"\n`);
    expect(parsed.ok ? [] : parsed.issues.map((i) => `${i.line}:${i.path}: ${i.message}`)).toEqual(['18:spec.tiles.0.value: A tile cannot show a secret.']);
  });

  it('needs exactly one kind of health check, and artifacts that the manifest pins', () => {
    const twoChecks = parseManifest(minimal.replace('tcp: { port: 7 }', 'tcp: { port: 7 }\n        command: [/bin/true]'));
    expect(twoChecks.ok ? '' : twoChecks.issues.map((i) => i.message).join()).toMatch(/Exactly one of http, tcp or command/);
    const unpinned = parseManifest(minimal.replace('      health:', '      artifacts:\n        - artifact: nope\n          installs: [{ from: x, to: /usr/local/bin/x, mode: "0755" }]\n      health:'));
    expect(unpinned.ok ? '' : unpinned.issues.map((i) => i.message).join()).toMatch(/No artifact named "nope"/);
  });
});

describe('the template language', () => {
  it('fills named facts and nothing else', () => {
    expect(renderTemplate('ws://{{ container.address }}:{{role.x.port}}/ {{ literal.open }}', { 'container.address': '10.0.0.5', 'role.x.port': '80' })).toBe('ws://10.0.0.5:80/ {{');
  });

  it('names the facts it lacks', () => {
    expect(() => renderTemplate('{{ secret.a }} {{ secret.b }}', { 'secret.a': 'x' })).toThrow(TemplateError);
    expect(() => renderTemplate('{{ secret.b }}', {})).toThrow(/secret\.b/);
  });

  it('flags unclosed holes and wrong shapes', () => {
    expect(templateIssues('a {{ container.address')).toHaveLength(1);
    expect(templateIssues('{{ role.bitcoin-node }}')[0]).toMatch(/role\.<role>\.<fact>/);
    expect(templateIssues('{{ container.address }}')).toEqual([]);
  });
});
