import { CLI_PATHS } from '../../../shared/datacenter/clis';
import { stringify } from 'yaml';
import type { BuiltinDriver } from '../../../shared/apps/builtin';
import { builtinDataPath, builtinManifests, builtinPort } from '../../../shared/apps/builtins';
import { chains, type Chain, type DatacenterSpec } from '../../../shared/datacenter/spec';
import { FIXED_HOSTS } from '../naming';
import type { ContainerRecipe, RecipeContext } from '../recipe';

/** Fixed ports inside the datacenter, from the built-ins' manifests (apps/builtin/*.yaml). */
export const PORTS = {
  proxy: builtinPort('gateway', 'proxy', 'mainnet'),
  socks: builtinPort('gateway', 'socks', 'mainnet'),
  torControl: builtinPort('gateway', 'tor-control', 'mainnet'),
  lndP2p: builtinPort('lnd', 'p2p', 'mainnet'),
  lndGrpc: CLI_PATHS.lndGrpcPort,
  lndRest: builtinPort('lnd', 'rest', 'mainnet'),
  clnP2p: builtinPort('clightning', 'p2p', 'mainnet'),
  zmqRawBlock: builtinPort('bitcoind', 'zmq-rawblock', 'mainnet'),
  zmqRawTx: builtinPort('bitcoind', 'zmq-rawtx', 'mainnet'),
} as const;

/** A record with one value per chain. */
export function perChain<T>(value: (chain: Chain) => T): Record<Chain, T> {
  return Object.fromEntries(chains.map((c) => [c, value(c)])) as Record<Chain, T>;
}

/** A service account with fixed ids, so config files can be pushed with their owner before it exists. */
export interface ServiceUser {
  name: string;
  uid: number;
  home: string;
}

/** A built-in's service account from its manifest: its user, at home in its data volume. */
export function builtinUser(driver: BuiltinDriver): ServiceUser {
  const user = builtinManifests[driver].spec.containers[0]?.user;
  if (!user) throw new Error(`apps/builtin/${driver}.yaml declares no user`);
  return { name: user.name, uid: user.uid, home: builtinDataPath(driver) };
}

export const USERS = {
  btcd: builtinUser('btcd'),
  bitcoind: builtinUser('bitcoind'),
  lnd: builtinUser('lnd'),
  clightning: builtinUser('clightning'),
} satisfies Record<string, ServiceUser>;

export const PROXY_ENV_FILE = '/etc/bcm/proxy.env';

/** A secret from the context; '' until main has resolved it (the first pass only collects names). */
export function secret(ctx: RecipeContext, name: string): string {
  return ctx.secrets[name] ?? '';
}

export function addressOf(ctx: RecipeContext, container: string): string {
  return ctx.addresses[container] ?? '';
}

/** The internal bridge's /24, from the gateway's address (".2" of it). */
export function internalCidr(ctx: RecipeContext): string {
  const gw = ctx.addresses.gateway ?? Object.values(ctx.addresses)[0] ?? '10.0.0.2';
  return `${gw.split('.').slice(0, 3).join('.')}.0/24`;
}

/** The gateway's address, taken from the proxy URL. */
export function gatewayAddress(ctx: RecipeContext): string {
  try {
    return new URL(ctx.gatewayProxy).hostname;
  } catch {
    return ctx.addresses.gateway ?? '';
  }
}

/** Services on the regtest chain stay inside the datacenter; every other chain reaches peers through Tor. */
export function usesTor(spec: DatacenterSpec): boolean {
  return spec.chain !== 'regtest';
}

export function torSocks(ctx: RecipeContext): string {
  return `${gatewayAddress(ctx)}:${PORTS.socks}`;
}

/**
 * Addresses and names that must never go through the proxy: every address and name a container of
 * this datacenter can have, whatever is enabled now (issue 12: turning lnd off must not change
 * btcd's environment), listed one by one for tools that ignore the CIDR.
 */
export function noProxy(ctx: RecipeContext): string {
  const prefix = internalCidr(ctx).split('.').slice(0, 3).join('.');
  const names = Object.keys(FIXED_HOSTS).sort();
  const ips = [...new Set(Object.values(FIXED_HOSTS))].sort((a, b) => a - b).map((h) => `${prefix}.${h}`);
  return ['localhost', '127.0.0.1', '::1', internalCidr(ctx), ...ips, ...names].join(',');
}

/** KEY=value lines: the outbound proxy for apt, curl and the services' own downloads. */
export function proxyEnv(ctx: RecipeContext): string {
  const np = noProxy(ctx);
  return [
    `http_proxy=${ctx.gatewayProxy}`,
    `https_proxy=${ctx.gatewayProxy}`,
    `HTTP_PROXY=${ctx.gatewayProxy}`,
    `HTTPS_PROXY=${ctx.gatewayProxy}`,
    `no_proxy=${np}`,
    `NO_PROXY=${np}`,
    '',
  ].join('\n');
}

type CloudConfig = Record<string, unknown>;

/** Shell that makes the service account with its fixed ids (idempotent: runs on every boot). */
export function accountCommand(user: ServiceUser): string {
  return (
    `getent group ${user.name} >/dev/null || groupadd --system --gid ${user.uid} ${user.name}; ` +
    `getent passwd ${user.name} >/dev/null || useradd --system --uid ${user.uid} --gid ${user.uid} --home-dir ${user.home} --no-create-home --shell /usr/sbin/nologin ${user.name}`
  );
}

export interface ServiceCloudConfigInput {
  container: string;
  user: ServiceUser;
  /**
   * the service's configuration folder (root:<user> 0750); its data folder is the user's home
   * (<user>:<user> 0750, chowned again after its volume is attached)
   */
  confDir: string;
  /** Debian packages the service needs beyond the image; installed through the gateway's proxy when missing */
  packages?: string[];
}

/** Installs `packages` only when one is missing (the local image has most of them already). */
export function installMissing(packages: string[]): string {
  const list = packages.join(' ');
  return (
    `dpkg -s ${list} >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ` +
    `-o Dpkg::Options::=--force-confold ${list}; }`
  );
}

export function toCloudConfig(config: CloudConfig): string {
  return `#cloud-config\n${stringify(config, { lineWidth: 0 })}`;
}

/** user-data for a service container: account, folders, the gateway as its only way out. */
export function serviceUserData(ctx: RecipeContext, input: ServiceCloudConfigInput): string {
  const { user } = input;
  const dirs = [
    { path: user.home, owner: user.name },
    { path: input.confDir, owner: 'root' },
  ];
  const runcmd: Array<string | string[]> = dirs.map((d) => ['install', '-d', '-o', d.owner, '-g', user.name, '-m', '0750', d.path]);
  if (input.packages?.length) runcmd.unshift(['sh', '-c', installMissing(input.packages)]);
  return toCloudConfig({
    hostname: input.container,
    preserve_hostname: false,
    bootcmd: [['sh', '-c', accountCommand(input.user)]],
    apt: { http_proxy: ctx.gatewayProxy, https_proxy: ctx.gatewayProxy },
    write_files: [
      { path: PROXY_ENV_FILE, permissions: '0644', content: proxyEnv(ctx) },
      { path: '/etc/profile.d/bcm-proxy.sh', permissions: '0644', content: `set -a\n. ${PROXY_ENV_FILE}\nset +a\n` },
    ],
    runcmd,
  });
}

export interface UnitInput {
  description: string;
  user: ServiceUser;
  execStart: string;
  /** seconds to wait for a clean stop (bitcoind flushes its chainstate) */
  stopTimeoutS?: number;
  after?: string[];
  /** a dependency's TCP port to wait for before starting (no crash loop while it is not up yet) */
  waitFor?: { host: string; port: number; what: string };
  /** `Environment=` values, each already quoted for systemd (apps, issue 14) */
  environment?: string[];
  workingDirectory?: string;
}

/** Seconds an ExecStartPre waits for a dependency before systemd retries the whole start. */
export const WAIT_FOR_DEPENDENCY_S = 75;

/**
 * An ExecStartPre line that waits (bash's /dev/tcp, in every Debian image) until host:port accepts
 * connections. It never fails the start: past the wait the service starts anyway (and, should it
 * exit for want of its dependency, Restart= brings it back through this wait again).
 */
export function waitForPort(host: string, port: number, what: string, seconds = WAIT_FOR_DEPENDENCY_S): string {
  const probe = `(exec 3<>/dev/tcp/${host}/${port}) 2>/dev/null`;
  // `$$` is systemd's escape for a literal `$`
  return `/bin/bash -c 'for i in $$(seq ${seconds}); do ${probe} && exit 0; sleep 1; done; echo "${what} (${host}:${port}) did not answer within ${seconds} s; starting anyway" >&2; exit 0'`;
}

/** A systemd unit for a service run natively under the container's init, restarted on failure. */
export function serviceUnit(input: UnitInput): string {
  const after = ['network-online.target', ...(input.after ?? [])].join(' ');
  return [
    '[Unit]',
    `Description=${input.description} (Bitcoin Cache Machine)`,
    `After=${after}`,
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `User=${input.user.name}`,
    `Group=${input.user.name}`,
    `EnvironmentFile=-${PROXY_ENV_FILE}`,
    ...(input.environment ?? []).map((e) => `Environment=${e}`),
    ...(input.workingDirectory ? [`WorkingDirectory=${input.workingDirectory}`] : []),
    ...(input.waitFor ? [`ExecStartPre=${waitForPort(input.waitFor.host, input.waitFor.port, input.waitFor.what)}`, `TimeoutStartSec=${WAIT_FOR_DEPENDENCY_S + 30}`] : []),
    `ExecStart=${input.execStart}`,
    'Restart=on-failure',
    'RestartSec=5',
    `TimeoutStopSec=${input.stopTimeoutS ?? 90}`,
    'NoNewPrivileges=true',
    'PrivateTmp=true',
    'ProtectSystem=full',
    'ProtectHome=true',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/** A config file owned by root and readable by the service's group (it holds credentials). */
export function configFile(path: string, content: string, user: ServiceUser, mode = 0o640): ContainerRecipe['files'][number] {
  return { path, content, mode, uid: 0, gid: user.uid };
}

export function publicFile(path: string, content: string): ContainerRecipe['files'][number] {
  return { path, content, mode: 0o644, uid: 0, gid: 0 };
}

/** Chain flags in the form most daemons take (btcd, lnd's bitcoin.*, btcctl). */
export const CHAIN_FLAG: Record<Chain, string | null> = { mainnet: null, testnet: 'testnet', signet: 'signet', regtest: 'regtest' };

/** One `key=value` line per entry; undefined/false entries are left out, arrays repeat the key. */
export function iniLines(entries: Array<[string, string | number | boolean | undefined | string[]]>): string[] {
  const out: string[] = [];
  for (const [key, value] of entries) {
    if (value === undefined || value === false || value === '') continue;
    if (Array.isArray(value)) for (const v of value) out.push(`${key}=${v}`);
    else out.push(`${key}=${value === true ? 1 : value}`);
  }
  return out;
}
