import { mkdtemp, rm, writeFile, mkdir, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AppRegistry, builtinAppsDir } from '../../../src/main/apps/registry';

const relay = readFileSync(join(builtinAppsDir(), 'nostr-relay.yaml'), 'utf8');

describe('the installed app manifests', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("finds BCM's own manifests from the source tree", async () => {
    const loaded = await new AppRegistry({ builtin: builtinAppsDir(), user: '/nonexistent' }).load();
    expect(loaded.apps.map((a) => [a.id, a.source, a.artifacts])).toEqual([
      ['nostr-relay', 'builtin', [{ name: 'nostr-rs-relay', versions: ['0.8.12'] }]],
      ['relay-api-explorer', 'builtin', [{ name: 'swagger-ui-dist', versions: ['5.35.0', '5.32.0'] }]],
    ]);
    expect(loaded.invalid).toEqual([]);
  });

  it("refuses a user manifest that takes a built-in app's id, and says which file has it", async () => {
    dir = await mkdtemp(join(tmpdir(), 'bcm-apps-'));
    await writeFile(join(dir, 'copy.yaml'), relay);
    const loaded = await new AppRegistry({ builtin: builtinAppsDir(), user: dir }).load();
    expect(loaded.apps.map((a) => a.id)).toEqual(['nostr-relay', 'relay-api-explorer']);
    expect(loaded.invalid).toHaveLength(1);
    expect(loaded.invalid[0]!.issues[0]!.message).toMatch(/The id "nostr-relay" is already taken by BCM's built-in app .*nostr-relay\.yaml: choose another id\./);
  });

  it("refuses a user manifest that takes a built-in component's id", async () => {
    dir = await mkdtemp(join(tmpdir(), 'bcm-apps-'));
    await writeFile(join(dir, 'my-lnd.yaml'), relay.replace('id: nostr-relay', 'id: lnd'));
    const loaded = await new AppRegistry({ builtin: builtinAppsDir(), user: dir }).load();
    expect(loaded.apps.map((a) => a.id)).toEqual(['nostr-relay', 'relay-api-explorer']);
    expect(loaded.invalid.map((i) => i.issues.map((x) => x.message))).toEqual([['The id "lnd" is BCM\'s built-in component LND (apps/builtin/lnd.yaml): choose another id.']]);
  });

  it('lists a file it cannot read, and ignores what is not YAML', async () => {
    dir = await mkdtemp(join(tmpdir(), 'bcm-apps-'));
    await mkdir(join(dir, 'folder.yaml'));
    await writeFile(join(dir, 'notes.txt'), 'not a manifest');
    await chmod(dir, 0o755);
    const loaded = await new AppRegistry({ builtin: '/nonexistent', user: dir }).load();
    expect(loaded.apps).toEqual([]);
    expect(loaded.invalid.map((i) => [i.file.split('/').pop(), i.issues[0]!.message.split(':')[0]])).toEqual([['folder.yaml', 'Cannot read the file']]);
  });
});
