import { containersOf, type ContainerPlan } from '../../../src/shared/datacenter/catalog';
import { chains, datacenterSpecSchema, type Chain, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { recipeFor } from '../../../src/main/datacenter/components';
import type { ContainerRecipe, RecipeContext } from '../../../src/main/datacenter/recipe';
import type { Observed } from '../../../src/main/datacenter/observe';

export function specFor(chain: Chain, implementation: 'bitcoind' | 'btcd', extra: { clightning?: boolean; txindex?: boolean; pruneMiB?: number } = {}): DatacenterSpec {
  return datacenterSpecSchema.parse({
    schemaVersion: 1,
    name: 'home',
    endpoint: 'local',
    chain,
    bitcoin: { implementation, txindex: extra.txindex ?? false, pruneMiB: extra.pruneMiB ?? 0 },
    lightning: { lnd: true, clightning: extra.clightning ?? false },
    kafka: { enabled: false, brokers: 1 },
    logging: false,
  });
}

export const ADDRESSES = { gateway: '10.70.4.2', bitcoind: '10.70.4.10', btcd: '10.70.4.10', lnd: '10.70.4.11', clightning: '10.70.4.12' };

/** Every secret a name could ask for, with a recognisable value. */
export const SECRETS: Record<string, string> = {
  'btcd-rpc-password': 'btcd-pw',
  'btcd-rpc-cert': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  'btcd-rpc-key': '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n',
  'bitcoind-rpc-password-bcm': 'bcm-pw',
  'bitcoind-rpc-password-lnd': 'lnd-pw',
  'bitcoind-rpc-password-clightning': 'cln-pw',
};

export function contextFor(spec: DatacenterSpec, secrets: Record<string, string> = SECRETS): RecipeContext {
  const addresses = Object.fromEntries(containersOf(spec).map((c) => [c.name, ADDRESSES[c.name as keyof typeof ADDRESSES] ?? '10.70.4.99']));
  return { addresses, secrets, gatewayProxy: 'http://10.70.4.2:8888' };
}

export function recipesOf(spec: DatacenterSpec, ctx = contextFor(spec)): Record<string, { container: ContainerPlan; recipe: ContainerRecipe }> {
  return Object.fromEntries(containersOf(spec).map((c) => [c.name, { container: c, recipe: recipeFor(spec, c, ctx) }]));
}

export function fileOf(recipe: ContainerRecipe, path: string): string {
  const f = recipe.files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} in the recipe (has ${recipe.files.map((x) => x.path).join(', ')})`);
  return f.content;
}

/** Every variant the wizard can produce that has a recipe: each chain with each backend, and CLN on bitcoind. */
export function allVariants(): DatacenterSpec[] {
  return chains.flatMap((chain) => [specFor(chain, 'btcd'), specFor(chain, 'bitcoind', { clightning: true, txindex: true }), specFor(chain, 'bitcoind', { pruneMiB: 1024 })]);
}

/** An LXD with nothing of the datacenter yet (900 GiB free). */
export const emptyObserved: Observed = {
  extensions: ['projects', 'network', 'storage', 'instances', 'network_acl', 'network_bridge_acl'],
  project: { exists: false },
  networks: [],
  profiles: [],
  volumes: [],
  instances: [],
  pool: { exists: true, freeBytes: 900 * 1024 ** 3 },
};
