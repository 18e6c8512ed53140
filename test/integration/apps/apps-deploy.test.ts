import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { finalizeEvent, generateSecretKey, getPublicKey, type Event } from 'nostr-tools/pure';
import { Relay, useWebSocketImplementation } from 'nostr-tools/relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { datacenterApps, specEntryOf } from '../../../src/main/apps/engine';
import { AppRegistry, builtinAppsDir, type LoadedApps } from '../../../src/main/apps/registry';
import { addressesFor, namesFor } from '../../../src/main/datacenter/naming';
import type { LxdClient } from '../../../src/main/lxd';
import { ExecTunnel } from '../../../src/main/services/transport/tunnel';
import { layout } from '../../../src/main/store/paths';
import type { RunSnapshot } from '../../../src/shared/datacenter/plan';
import { datacenterSpecSchema } from '../../../src/shared/datacenter/spec';
import { removeTestDatacenter } from '../../support/remove-datacenter';
import { harness, regtestSpec, type Harness } from '../datacenter/harness';

// Issue 14: apps from manifests, deployed by the normal engine into LXD. One regtest datacenter
// (gateway + btcd) with the two apps BCM ships: the Nostr relay (nostr-rs-relay built from
// crates.io) and the Relay API explorer (Swagger UI from npm). A Nostr client (nostr-tools)
// publishes a signed event and reads it back through the relay's container; the explorer's page is
// fetched through its container. Both through byte tunnels over LXD exec: nothing listens on the host.
const NAME = `apm${process.pid % 10000}`;
const names = namesFor(NAME);

function failedStep(snap: RunSnapshot): string | null {
  const failed = Object.entries(snap.steps).find(([, s]) => s.state === 'failed');
  return failed ? `${failed[0]}: ${failed[1].error?.message ?? ''}\n${failed[1].log.join('\n')}` : null;
}

/** ws's WebSocket whose connection is a tunnel into the container (ws passes createConnection to http.request). */
function tunnelledWebSocket(client: LxdClient, instance: string, port: number): new (url: string) => WebSocket {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { createConnection: () => new ExecTunnel(client, { project: names.project, instance, target: { host: '127.0.0.1', port }, label: instance }) } as unknown as WebSocket.ClientOptions);
    }
  };
}

function getThrough(client: LxdClient, instance: string, port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: instance, port, path, createConnection: () => new ExecTunnel(client, { project: names.project, instance, target: { host: '127.0.0.1', port } }) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('apps from manifests on the real LXD', () => {
  let h: Harness;
  let apps: LoadedApps;
  let client: LxdClient;

  beforeAll(async () => {
    h = await harness({ apps: { load: () => registry.load() } });
    const registry = new AppRegistry({ builtin: builtinAppsDir(), user: join(h.home, 'apps') });
    apps = await registry.load();
    expect(apps.invalid).toEqual([]);
    expect(Object.keys(apps.manifests)).toEqual(['nostr-relay', 'relay-api-explorer']);
    const base = await regtestSpec(NAME, 'local');
    if (!base.artifacts['nostr-rs-relay']) throw new Error('The preseed overrides.json lists no nostr-rs-relay build: run `bash scripts/build-app-artifacts.sh` (setup-test-env.sh does) first.');
    const spec = datacenterSpecSchema.parse({
      ...base,
      lightning: { lnd: false, clightning: false },
      apps: [specEntryOf(apps.manifests['nostr-relay']!), specEntryOf(apps.manifests['relay-api-explorer']!)],
    });
    await h.service.save(spec, false);
    const plan = await h.service.plan(NAME, 'apply', true);
    expect(plan.blockers).toEqual([]);
    expect(plan.actions.filter((a) => a.component === 'app').map((a) => a.id)).toContain('install-artifact:nostr-relay/nostr-rs-relay');
    const { done } = await h.service.apply(NAME);
    await done;
    const snap = h.service.run(NAME)!;
    expect(failedStep(snap)).toBeNull();
    expect(snap.outcome).toBe('succeeded');
    client = await h.registry.client('local');
  }, 1_200_000);

  afterAll(async () => {
    removeTestDatacenter(names);
    await h?.close();
  });

  it('reports each app container healthy in the status, and a second plan is empty', async () => {
    const status = await h.service.status(NAME);
    const app = status.components.find((c) => c.kind === 'app');
    expect(app?.containers.map((c) => [c.name, c.health])).toEqual([
      ['nostr-relay', 'healthy'],
      ['relay-explorer', 'healthy'],
    ]);
    const spec = await h.service.get(NAME);
    expect(status.tiles).toEqual([
      { app: 'nostr-relay', appTitle: 'Nostr relay', title: 'Relay URL', value: `ws://${addressesFor(spec)['nostr-relay']}:8080/`, hint: "From the datacenter's containers (or over its onion service once published)" },
      { app: 'relay-api-explorer', appTitle: 'Relay API explorer', title: 'Explorer page', value: `http://${addressesFor(spec)['relay-explorer']}:8080/bcm/` },
    ]);
    const again = await h.service.plan(NAME, 'apply', true);
    expect(again.actions).toEqual([]);
  });

  it('the relay takes a signed event from a Nostr client and gives it back', async () => {
    useWebSocketImplementation(tunnelledWebSocket(client, 'nostr-relay', 8080));
    const relayUrl = `ws://nostr-relay:8080/`;
    const relay = await Relay.connect(relayUrl);
    try {
      const sk = generateSecretKey();
      const event = finalizeEvent({ kind: 1, created_at: Math.floor(Date.now() / 1000), tags: [['t', 'bcm']], content: `hello from ${NAME}` }, sk);
      await relay.publish(event);
      const got = await new Promise<Event[]>((resolve) => {
        const seen: Event[] = [];
        const sub = relay.subscribe([{ authors: [getPublicKey(sk)], kinds: [1] }], {
          onevent: (e) => seen.push(e),
          oneose: () => {
            sub.close();
            resolve(seen);
          },
        });
      });
      expect(got.map((e) => [e.id, e.content, e.sig])).toEqual([[event.id, `hello from ${NAME}`, event.sig]]);
    } finally {
      relay.close();
    }
  });

  it('the explorer serves its page (Swagger UI from npm) with the relay described from its manifest template', async () => {
    const page = await getThrough(client, 'relay-explorer', 8080, '/bcm/');
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<title>Relay API explorer (${NAME})</title>`);
    const bundle = await getThrough(client, 'relay-explorer', 8080, '/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.body).toMatch(/SwaggerUIBundle/);
    const openapi = JSON.parse((await getThrough(client, 'relay-explorer', 8080, '/bcm/relay-openapi.json')).body) as { servers: Array<{ url: string }> };
    const spec = await h.service.get(NAME);
    const relayAddress = addressesFor(spec)['nostr-relay'];
    expect(openapi.servers[0]!.url).toBe(`http://${relayAddress}:8080`);
  });

  it('a third-party manifest with an error is listed with its line and not offered; a valid one is offered', async () => {
    await mkdir(join(h.home, 'apps'), { recursive: true });
    await writeFile(join(h.home, 'apps', 'broken.yaml'), 'apiVersion: bcm/v1\nkind: App\nmetadata:\n  id: Broken\n');
    const echo = (await readFile(join(builtinAppsDir(), 'nostr-relay.yaml'), 'utf8')).replace('id: nostr-relay', 'id: my-relay').replace('- name: nostr-relay', '- name: my-relay');
    await writeFile(join(h.home, 'apps', 'my-relay.yaml'), echo);
    const listed = await h.service.apps();
    expect(listed.invalid.map((i) => [i.file.split('/').pop(), i.source])).toEqual([['broken.yaml', 'third-party']]);
    expect(listed.invalid[0]!.issues.map((i) => `${i.line}:${i.column} ${i.path}`)).toContain('4:7 metadata.id');
    expect(listed.apps.map((a) => [a.id, a.source])).toEqual([
      ['nostr-relay', 'builtin'],
      ['relay-api-explorer', 'builtin'],
      ['my-relay', 'third-party'],
    ]);
    const spec = await h.service.get(NAME);
    expect(datacenterApps(spec, apps.manifests).blockers).toEqual([]);
  });

  it('blocks an apply whose apps do not fit together before anything is created', async () => {
    const other = `${NAME}b`;
    const base = await regtestSpec(other, 'local');
    await h.service.save(datacenterSpecSchema.parse({ ...base, lightning: { lnd: false, clightning: false }, apps: [specEntryOf(apps.manifests['relay-api-explorer']!)] }), false);
    const plan = await h.service.plan(other, 'apply', true);
    expect(plan.blockers).toContain('Relay API explorer (relay-api-explorer) requires the app "nostr-relay", which is not in this datacenter: add it too.');
    expect(plan.blockers).toContain('Relay API explorer (relay-api-explorer) requires the role "nostr-relay", and nothing in this datacenter provides it.');
    await expect(h.service.apply(other)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    const projects = await client.projects.list();
    expect(projects.map((p) => p.name)).not.toContain(namesFor(other).project);
    const secretsOf = async (dc: string): Promise<string[]> => (await readdir(layout(h.home).secrets)).filter((n) => n.startsWith(`dc.${dc}.`));
    expect(await secretsOf(other)).not.toEqual([]); // the plan made its credentials
    const kept = await secretsOf(NAME);
    await h.service.forget(other);
    // forgetting it removes its secrets, and only its own (NAME is a prefix of its name)
    expect(await secretsOf(other)).toEqual([]);
    expect(await secretsOf(NAME)).toEqual(kept);
  });
});
