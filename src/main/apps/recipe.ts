import { posix } from 'node:path';
import type { AppContainer, AppManifest } from '../../shared/apps/manifest';
import { renderTemplate, TemplateError } from '../../shared/apps/template';
import type { ContainerPlan } from '../../shared/datacenter/catalog';
import type { DatacenterSpec } from '../../shared/datacenter/spec';
import { BcmError } from '../../shared/errors';
import { chosenArtifact } from '../../shared/datacenter/versions';
import { accountCommand, installMissing, PROXY_ENV_FILE, proxyEnv, serviceUnit, toCloudConfig } from '../datacenter/components/common';
import type { ContainerRecipe, RecipeContext } from '../datacenter/recipe';
import { appFacts, type AppFactsInput } from './facts';

/**
 * An app's container as the engine's recipe (src/main/datacenter/recipe.ts): the manifest's
 * account, volumes, artifacts, templated files and units, and health check, rendered with the
 * datacenter's facts. Commands stay argv: units get each argument quoted for systemd, health checks
 * run without a shell.
 */

/** The secret's name in the datacenter's store (dc.<datacenter>.<this>) */
export function appSecretName(app: string, secret: string): string {
  return `app.${app}.${secret}`;
}

/** One argument quoted for systemd's command-line parser ($ and % are systemd's specifiers). */
export function systemdArg(arg: string): string {
  const escaped = arg.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function home(c: AppContainer): string {
  return c.volumes[0]?.path ?? `/var/lib/${c.user.name}`;
}

function userData(ctx: RecipeContext, c: AppContainer): string {
  const user = { name: c.user.name, uid: c.user.uid, home: home(c) };
  const dirs = [...new Set(c.files.map((f) => posix.dirname(f.path)))].filter((d) => d !== '/');
  const runcmd: Array<string | string[]> = [
    ['install', '-d', '-o', user.name, '-g', user.name, '-m', '0750', user.home],
    ...dirs.map((d) => ['install', '-d', '-o', 'root', '-g', user.name, '-m', '0750', d]),
  ];
  if (c.packages.length) runcmd.unshift(['sh', '-c', installMissing(c.packages)]);
  return toCloudConfig({
    hostname: c.name,
    preserve_hostname: false,
    bootcmd: [['sh', '-c', accountCommand(user)]],
    apt: { http_proxy: ctx.gatewayProxy, https_proxy: ctx.gatewayProxy },
    write_files: [{ path: PROXY_ENV_FILE, permissions: '0644', content: proxyEnv(ctx) }],
    runcmd,
  });
}

function unit(m: AppManifest, c: AppContainer, s: AppContainer['services'][number], render: (t: string) => string): string {
  const [host, port] = (s.waitFor ? render(s.waitFor) : '').split(':');
  return serviceUnit({
    description: `${(s.description ?? `${m.metadata.title}: ${s.name}`).replace(/\n/g, ' ')}, app ${m.metadata.id}`,
    user: { name: c.user.name, uid: c.user.uid, home: home(c) },
    execStart: s.exec.map(systemdArg).join(' '),
    environment: Object.entries(s.environment).map(([k, v]) => systemdArg(`${k}=${render(v)}`)),
    ...(s.workingDirectory ? { workingDirectory: s.workingDirectory } : {}),
    ...(host && port && /^\d+$/.test(port) ? { waitFor: { host, port: Number(port), what: `the dependency of ${s.name}` } } : {}),
  });
}

function health(c: AppContainer): ContainerRecipe['health'] {
  const h = c.health;
  const base = { timeoutS: h.timeoutS, intervalS: h.intervalS, ...(h.expect !== undefined ? { expect: h.expect } : {}) };
  if (h.http) {
    const headers = Object.entries(h.http.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
    const url = `http://127.0.0.1:${h.http.port}${h.http.path}`;
    return { ...base, command: ['curl', '-fsS', '--max-time', '10', ...headers, url], describe: `answers HTTP at :${h.http.port}${h.http.path}` };
  }
  if (h.tcp) return { ...base, command: ['bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${h.tcp.port}`], describe: `accepts TCP connections on :${h.tcp.port}` };
  return { ...base, command: h.command ?? ['true'], describe: `\`${(h.command ?? []).join(' ')}\` succeeds` };
}

/**
 * The version of an app's artifact the datacenter installs, chosen like a built-in's
 * (shared/datacenter/versions.ts chosenArtifact): the spec's local override, else its pin in
 * `versions`, else the manifest's newest. A pin the manifest does not have is a blocker.
 */
function appArtifactSource(spec: DatacenterSpec, m: AppManifest, artifact: string, releases: AppManifest['spec']['artifacts'][number]['versions']): NonNullable<ContainerRecipe['artifacts'][number]['source']> {
  const chosen = chosenArtifact(spec, artifact, releases);
  if (!chosen || chosen.sha256 === null) {
    throw new BcmError(
      'PRECONDITION_FAILED',
      `This datacenter pins ${artifact} ${spec.versions[artifact] ?? ''} for ${m.metadata.title} (${m.metadata.id}), and its manifest pins only ${releases.map((r) => r.version).join(', ')}: choose one of them in the Versions card.`,
      { app: m.metadata.id },
    );
  }
  // a local override that is one of the manifest's releases is that release (it can be downloaded)
  const release = releases.find((r) => (chosen.source === 'local' ? r.sha256 === chosen.sha256 : r.version === chosen.version));
  if (!release) return { version: chosen.version, sha256: chosen.sha256, hashSource: "supplied locally (the datacenter spec's artifacts override)" };
  return { version: release.version, sha256: release.sha256, hashSource: release.hashSource, ...(release.url ? { url: release.url } : {}) };
}

export interface AppRecipeInput extends Omit<AppFactsInput, 'container'> {
  /** artifact name -> the version the datacenter installs (spec override, else the manifest's newest) */
  manifest: AppManifest;
}

/** The recipe of one container of an app. */
export function appRecipe(spec: DatacenterSpec, container: ContainerPlan, ctx: RecipeContext, input: AppRecipeInput): ContainerRecipe {
  const m = input.manifest;
  const c = m.spec.containers.find((x) => x.name === container.name);
  if (!c) throw new BcmError('PRECONDITION_FAILED', `The app ${m.metadata.id} has no container named ${container.name} any more: open the datacenter's settings and save them again.`);
  const facts = appFacts(spec, ctx, { ...input, container: c.name });
  const render = (text: string, where: string): string => {
    try {
      return renderTemplate(text, facts);
    } catch (err) {
      if (err instanceof TemplateError) throw new BcmError('PRECONDITION_FAILED', `${m.metadata.title} (${m.metadata.id}), ${where}: ${err.message}. The datacenter has no such fact; check the manifest's names.`, { app: m.metadata.id });
      throw err;
    }
  };
  const byName = new Map(m.spec.artifacts.map((a) => [a.name, a]));
  return {
    userData: userData(ctx, c),
    files: c.files.map((f) => ({ path: f.path, content: render(f.content, f.path), mode: f.mode, uid: 0, gid: c.user.uid })),
    units: c.services.map((s) => ({ name: `${s.name}.service`, content: unit(m, c, s, (t) => render(t, `service ${s.name}`)) })),
    artifacts: c.artifacts.map((a) => {
      const releases = byName.get(a.artifact)?.versions ?? [];
      return { artifact: a.artifact, installs: a.installs, source: appArtifactSource(spec, m, a.artifact, releases), releases };
    }),
    volumes: c.volumes.map((v) => ({ name: v.name, path: v.path, uid: c.user.uid, gid: c.user.uid })),
    health: health(c),
    secrets: m.spec.secrets.map((s) => appSecretName(m.metadata.id, s)),
    title: m.metadata.title,
  };
}
