import { execFileSync } from 'node:child_process';
import WebSocket from 'ws';
import { createClient, type BcmApi } from '../../src/shared/client';
import type { DatacenterSpecInput } from '../../src/shared/datacenter/spec';
import { createWsBridge, type WebSocketLike, type WsBridge } from '../../src/shared/ws-bridge';
import { namesFor } from '../../src/main/datacenter/naming';

/** The app's own WebSocket API, as the renderer uses it, from the test process. */
export function connectApi(url: string): { bridge: WsBridge; api: BcmApi } {
  const u = new URL(url);
  const token = new URLSearchParams(u.hash.slice(1)).get('token') ?? '';
  const b = createWsBridge(`ws://${u.host}/api?token=${encodeURIComponent(token)}`, (wsUrl) => new WebSocket(wsUrl, { origin: `http://${u.host}` }) as unknown as WebSocketLike);
  return { bridge: b, api: createClient(b) };
}

/** Saves and applies the spec through the contract, resolving when the run finishes (throws with the services' journals when it failed). */
export async function deployThroughApi(api: BcmApi, spec: DatacenterSpecInput): Promise<void> {
  const name = spec.name;
  const project = namesFor(name).project;
  await api.invoke('datacenters.save', { spec, replace: true });
  const finished = new Promise<string>((resolve) => {
    const stop = api.subscribe('datacenters.progress', { name }, (event) => {
      if (event.type === 'finished') {
        stop();
        resolve(event.outcome === 'succeeded' ? 'succeeded' : `${event.outcome}: ${event.error?.message ?? ''}`);
      }
    });
  });
  await api.invoke('datacenters.apply', { name });
  const outcome = await finished;
  if (outcome !== 'succeeded') {
    // say what the services said before the clean-up removes them
    const journal = (c: string, unit: string): string => {
      try {
        return execFileSync('lxc', ['exec', '--project', project, c, '--', 'journalctl', '-u', unit, '-n', '15', '--no-pager'], { encoding: 'utf8', timeout: 30_000 });
      } catch {
        return '(no journal)';
      }
    };
    throw new Error(`the datacenter did not deploy: ${outcome}\n--- lnd ---\n${journal('lnd', 'lnd')}\n--- btcd ---\n${journal('btcd', 'btcd')}`);
  }
}

/** A regtest datacenter of gateway, btcd and lnd on the local test image, with the pre-seeded artifacts. */
export function regtestLndSpec(name: string, image: string, artifacts: DatacenterSpecInput['artifacts'], extra: Partial<DatacenterSpecInput> = {}): DatacenterSpecInput {
  return {
    schemaVersion: 1,
    name,
    endpoint: 'local',
    chain: 'regtest',
    bitcoin: { implementation: 'btcd' },
    lightning: { lnd: true, clightning: false },
    kafka: { enabled: false, brokers: 1 },
    logging: false,
    image: { alias: image },
    artifacts,
    ...extra,
  };
}
