import type { AppManifest } from '../../../shared/apps/manifest';
import type { AppOnionPort, DatacenterSpec } from '../../../shared/datacenter/spec';
import { MARK } from '../naming';

/**
 * Pure parts of app onions: an app's manifest declares the ports it "may publish over onion"; the
 * spec's `apps[].onion` lists those the owner publishes. Each is a v3 onion service of its own on the
 * gateway's Tor (its own key, address and clients), forwarding to the app's container on the
 * internal network (nothing is published on the host).
 */

export interface AppOnion {
  app: string;
  container: string;
  port: number;
  /** `<container>-<port>`: names its folder, marker and secrets */
  id: string;
  /** where the gateway's Tor forwards it: the container's fixed internal address */
  target: string;
}

export const appOnionId = (p: AppOnionPort): string => `${p.container}-${p.port}`;
export const appOnionDir = (id: string): string => `/var/lib/tor/bcm-app-${id}`;
export const appOnionStepKey = (id: string): string => `app-onion-${id}`;
export const appOnionMark = (id: string): string => `${MARK.step}${appOnionStepKey(id)}`;
/** The ids of the app onions a gateway carries markers of (published at some point). */
export function markedAppOnions(config: Readonly<Record<string, string>>): string[] {
  const prefix = appOnionMark('');
  return Object.keys(config)
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length))
    .sort();
}

/** The onions the spec publishes, with their targets (an app container without an address is left out). */
export function wantedAppOnions(spec: Pick<DatacenterSpec, 'apps'>, addresses: Readonly<Record<string, string>>): AppOnion[] {
  return spec.apps.flatMap((a) =>
    a.onion.flatMap((p) => {
      const host = addresses[p.container];
      return host ? [{ app: a.id, container: p.container, port: p.port, id: appOnionId(p), target: `${host}:${p.port}` }] : [];
    }),
  );
}

/** The manifest's declaration of this onion port, if it declares it (for a container the app has). */
export function declaredOnion(manifest: AppManifest | undefined, p: AppOnionPort): { description: string } | undefined {
  const container = manifest?.spec.containers.find((c) => c.name === p.container);
  return container?.onion.find((o) => o.port === p.port);
}

/** Why the spec's onion ports cannot be published: one blocker per port its app's manifest does not declare. */
export function undeclaredOnionBlockers(spec: Pick<DatacenterSpec, 'apps'>, manifests: Readonly<Record<string, AppManifest>>): string[] {
  return spec.apps.flatMap((a) => {
    const m = manifests[a.id];
    if (!m) return [];
    return a.onion.flatMap((p) =>
      declaredOnion(m, p) ? [] : [`${m.metadata.title} (${a.id}) does not declare port ${p.port} of ${p.container} as one it may publish over onion: turn that onion off in the datacenter's settings.`],
    );
  });
}

/** The lines the gateway's torrc gets for one app onion. */
export function appTorrcFragment(o: Pick<AppOnion, 'id' | 'port' | 'target'>): string {
  return [`# App onion ${o.id}: a v3 onion service with client authorisation (BCM)`, `HiddenServiceDir ${appOnionDir(o.id)}`, 'HiddenServiceVersion 3', `HiddenServicePort ${o.port} ${o.target}`, ''].join('\n');
}

/** The torrc with the app onions that have a client (without one, Tor would publish a service anyone could reach). */
export function torrcWithApps(torrc: string, apps: readonly AppOnion[]): string {
  return apps.reduce((t, o) => `${t.replace(/\n*$/, '\n')}\n${appTorrcFragment(o)}`, torrc);
}
