import type { AppManifest } from '../../shared/apps/manifest';
import type { DatacenterSpec } from '../../shared/datacenter/spec';
import type { BuiltinDriver } from '../../shared/apps/builtin';
import { builtinManifests, builtinPort } from '../../shared/apps/builtins';
import { builtinComponents, catalog } from '../../shared/datacenter/catalog';
import { addressOf, gatewayAddress, torSocks } from '../datacenter/components/common';
import type { RecipeContext } from '../datacenter/recipe';

/**
 * The named facts a manifest's templates may use (src/shared/apps/template.ts), for one container
 * of one app: the datacenter, the container, the gateway, every container's address, the app's
 * secrets and the roles it requires. Only what the app declared: a role it does not require or a
 * secret it did not declare is no fact of it.
 */
export interface AppFactsInput {
  manifest: AppManifest;
  container: string;
  /** every app of the datacenter by id (the providers of app-provided roles) */
  apps: Readonly<Record<string, AppManifest>>;
}

/**
 * A built-in provider's facts, from its manifest: `host` (its container's address), `<port>-port`
 * for each port it serves (on the spec's chain), `implementation` (its id); a replicated one
 * (Kafka's brokers) gives `bootstrap`, every replica's address and first port.
 */
function builtinRoleFacts(spec: DatacenterSpec, ctx: RecipeContext, driver: BuiltinDriver): Record<string, string> {
  const c = builtinManifests[driver].spec.containers[0];
  if (!c) return {};
  const first = c.ports[0];
  if (c.replicas) return { bootstrap: catalog[driver].containers(spec).map((n) => `${addressOf(ctx, n)}:${first ? builtinPort(driver, first.name, spec.chain) : ''}`).join(',') };
  const facts: Record<string, string> = { host: addressOf(ctx, c.name), implementation: driver };
  for (const p of c.ports) facts[`${p.name}-port`] = String(builtinPort(driver, p.name, spec.chain));
  return facts;
}

function roleFacts(spec: DatacenterSpec, ctx: RecipeContext, role: string, apps: AppFactsInput['apps'], self: string): Record<string, string> {
  // a built-in the spec turns on provides it (the first, in the wizard's order: lnd before Core Lightning)
  const builtin = builtinComponents(spec).find((k) => builtinManifests[k].spec.provides.some((p) => p.role === role));
  if (builtin) return builtinRoleFacts(spec, ctx, builtin);
  // a role another app provides: its first container's address and first port
  const provider = Object.values(apps).find((m) => m.metadata.id !== self && m.spec.provides.some((p) => p.role === role));
  const first = provider?.spec.containers[0];
  if (!provider || !first) return {};
  return { host: addressOf(ctx, first.name), app: provider.metadata.id, ...(first.ports[0] ? { port: String(first.ports[0].port) } : {}) };
}

export function appFacts(spec: DatacenterSpec, ctx: RecipeContext, input: AppFactsInput): Record<string, string> {
  const m = input.manifest;
  const id = m.metadata.id;
  const facts: Record<string, string> = {
    'datacenter.name': spec.name,
    'datacenter.chain': spec.chain,
    'app.id': id,
    'container.name': input.container,
    'container.address': ctx.addresses[input.container] ?? '',
    'gateway.address': gatewayAddress(ctx),
    'gateway.proxy': ctx.gatewayProxy,
    'gateway.socks': torSocks(ctx),
  };
  for (const [name, address] of Object.entries(ctx.addresses)) facts[`address.${name}`] = address;
  for (const s of m.spec.secrets) {
    const value = ctx.secrets[`app.${id}.${s}`];
    if (value !== undefined) facts[`secret.${s}`] = value;
  }
  for (const role of m.spec.requires.roles) {
    for (const [k, v] of Object.entries(roleFacts(spec, ctx, role, input.apps, id))) facts[`role.${role}.${k}`] = v;
  }
  return facts;
}
