import type { AppManifest } from '../../shared/apps/manifest';
import type { DatacenterSpec } from '../../shared/datacenter/spec';
import { BITCOIND_CHAIN } from '../datacenter/components/bitcoind';
import { BTCD_PORTS } from '../datacenter/components/btcd';
import { gatewayAddress, PORTS, torSocks } from '../datacenter/components/common';
import { kafkaBootstrap } from '../datacenter/components/kafka';
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

function roleFacts(spec: DatacenterSpec, ctx: RecipeContext, role: string, apps: AppFactsInput['apps'], self: string): Record<string, string> {
  const a = ctx.addresses;
  if (role === 'bitcoin-node') {
    const btcd = spec.bitcoin.implementation === 'btcd';
    const ports = btcd ? BTCD_PORTS[spec.chain] : BITCOIND_CHAIN[spec.chain];
    return { host: a[spec.bitcoin.implementation] ?? '', 'rpc-port': String(ports.rpc), 'p2p-port': String(ports.p2p), implementation: spec.bitcoin.implementation };
  }
  if (role === 'lightning') {
    const impl = spec.lightning.lnd ? 'lnd' : 'clightning';
    return { host: a[impl] ?? '', implementation: impl, 'p2p-port': String(PORTS.lndP2p), ...(impl === 'lnd' ? { 'rest-port': String(PORTS.lndRest), 'grpc-port': String(PORTS.lndGrpc) } : {}) };
  }
  if (role === 'kafka') return { bootstrap: kafkaBootstrap(spec, ctx).join(',') };
  // a role another app provides: its first container's address and first port
  const provider = Object.values(apps).find((m) => m.metadata.id !== self && m.spec.provides.some((p) => p.role === role));
  const first = provider?.spec.containers[0];
  if (!provider || !first) return {};
  return { host: a[first.name] ?? '', app: provider.metadata.id, ...(first.ports[0] ? { port: String(first.ports[0].port) } : {}) };
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
