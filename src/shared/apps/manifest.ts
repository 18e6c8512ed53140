import { z } from 'zod';
import { sizeSchema } from '../datacenter/spec';
import { templateIssues, templateRefs } from './template';

/**
 * An app manifest (`apiVersion: bcm/v1`, `kind: App`): everything BCM needs to deploy a service
 * into containers of a datacenter, as data. Built-in apps ship as manifests in the app's `apps/`
 * folder; user manifests live in ~/.bcm/apps/. Config files, unit environment and dashboard tiles
 * are templates over named facts (./template.ts); commands are argv lists, never shell strings.
 */

export const APP_API_VERSION = 'bcm/v1';

/** Roles the built-in components provide, which apps may require. */
export const builtinRoles = ['bitcoin-node', 'lightning', 'kafka'] as const;
export type BuiltinRole = (typeof builtinRoles)[number];

const name = (what: string) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/, `${what}: lowercase letters, digits and "-", 2 to 24 characters, starting with a letter`);

export const appIdSchema = name('An app id');
const roleSchema = z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'A role: lowercase letters, digits and "-"');
const absolutePath = z
  .string()
  .regex(/^\/[A-Za-z0-9._/@+-]*$/, 'An absolute path of letters, digits and . _ / @ + -')
  .refine((p) => !p.split('/').includes('..'), 'No ".." in a path');
const octalMode = z
  .string()
  .regex(/^0[0-7]{3}$/, 'A file mode in octal, quoted: "0644"')
  .transform((m) => parseInt(m, 8));
export const port = z.number().int().min(1).max(65535);
/** one argument of a command: any text, but no NUL */
const argv = z.array(z.string().min(1).refine((a) => !a.includes('\0'), 'No NUL byte in an argument')).min(1);
const template = z.string().superRefine((text, ctx) => {
  for (const message of templateIssues(text)) ctx.addIssue({ code: 'custom', message });
});

export const artifactVersionSchema = z.object({
  version: z.string().min(1).max(64),
  /** the pinned SHA-256 of the file; an app artifact without one is refused */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'A SHA-256: 64 lowercase hex digits'),
  /** where to download it; absent: supplied locally (a preseed folder or a local build) */
  url: z.string().url().optional(),
  /** where the pin comes from, for a reader who wants to check it */
  hashSource: z.string().min(1),
});

export const appArtifactSchema = z.object({
  name: name('An artifact name'),
  /** newest first; the first is the default */
  versions: z.array(artifactVersionSchema).min(1),
});

const installSchema = z.object({ from: z.string().min(1), to: absolutePath, mode: octalMode });

const serviceSchema = z.object({
  /** the systemd unit is `<name>.service` */
  name: name('A service name'),
  description: z.string().min(1).optional(),
  /** the command, as argv: BCM writes it into the unit quoted, never through a shell */
  exec: argv,
  workingDirectory: absolutePath.optional(),
  /** values are templates */
  environment: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'An environment name: A-Z, 0-9, _'), template).default({}),
  /** a dependency's TCP port (a template giving host:port) to wait for before starting */
  waitFor: template.optional(),
});

const healthSchema = z
  .object({
    http: z.object({ port, path: z.string().regex(/^\/[^\s]*$/, 'A path starting with "/"'), headers: z.record(z.string(), z.string()).default({}) }).optional(),
    tcp: z.object({ port }).optional(),
    command: argv.optional(),
    /** a regular expression the answer must match */
    expect: z.string().optional(),
    timeoutS: z.number().int().min(5).max(1800).default(120),
    intervalS: z.number().int().min(1).max(60).default(2),
  })
  .refine((h) => [h.http, h.tcp, h.command].filter(Boolean).length === 1, 'Exactly one of http, tcp or command');

export const volumeSchema = z.object({
  name: name('A volume name'),
  path: absolutePath,
  /** disk the data grows to (GiB), for the estimate */
  dataGiB: z.number().min(0).max(16_384).default(1),
});

const fileSchema = z.object({ path: absolutePath, mode: octalMode.default(0o640), content: template });

const containerSchema = z.object({
  /** the LXD container name in the datacenter */
  name: name('A container name'),
  size: sizeSchema,
  /** the service account the services run as (its home is the first volume's path, else /var/lib/<name>) */
  user: z.object({ name: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/), uid: z.number().int().min(2200).max(2999) }),
  volumes: z.array(volumeSchema).default([]),
  /** Debian packages its first boot installs (through the gateway's proxy) */
  packages: z.array(z.string().regex(/^[a-z0-9][a-z0-9+.-]+$/, 'A Debian package name')).default([]),
  artifacts: z.array(z.object({ artifact: z.string().min(1), installs: z.array(installSchema).min(1) })).default([]),
  files: z.array(fileSchema).default([]),
  services: z.array(serviceSchema).default([]),
  health: healthSchema,
  /** ports it serves to the datacenter's other containers */
  ports: z.array(z.object({ name: name('A port name'), port, protocol: z.enum(['tcp', 'udp']).default('tcp') })).default([]),
  /** ports the owner may publish as an onion service (none is published unless asked) */
  onion: z.array(z.object({ port, description: z.string().min(1) })).default([]),
});

const tileSchema = z.object({ title: z.string().min(1).max(40), value: template, hint: z.string().optional() });

export const manifestMetadataSchema = z.object({
  id: appIdSchema,
  title: z.string().min(1).max(60),
  description: z.string().min(1).max(400),
  version: z.string().min(1).max(32),
  publisher: z.string().min(1).max(80).optional(),
});
export const requiresSchema = z
  .object({ roles: z.array(roleSchema).default([]), apps: z.array(appIdSchema).default([]) })
  .default({ roles: [], apps: [] });
export const providesSchema = z.array(z.object({ role: roleSchema, exclusive: z.boolean().default(false) })).default([]);

export const appManifestSchema = z
  .object({
    apiVersion: z.literal(APP_API_VERSION),
    kind: z.literal('App'),
    metadata: manifestMetadataSchema,
    spec: z.object({
      /** only BCM's own manifests of its built-in components have one (./builtin.ts) */
      builtin: z
        .unknown()
        .optional()
        .refine((b) => b === undefined, "Only BCM's own manifests of its built-in components (apps/builtin/) have spec.builtin: remove it."),
      requires: requiresSchema,
      provides: providesSchema,
      conflicts: z.array(appIdSchema).default([]),
      /** secrets BCM makes once per datacenter (random, 0600 in ~/.bcm/secrets), for templates */
      secrets: z.array(name('A secret name')).default([]),
      artifacts: z.array(appArtifactSchema).default([]),
      containers: z.array(containerSchema).min(1),
      tiles: z.array(tileSchema).default([]),
    }),
  })
  .strict()
  .superRefine((m, ctx) => {
    const artifactNames = new Set(m.spec.artifacts.map((a) => a.name));
    m.spec.containers.forEach((c, ci) => {
      c.artifacts.forEach((a, ai) => {
        if (!artifactNames.has(a.artifact)) {
          ctx.addIssue({ code: 'custom', path: ['spec', 'containers', ci, 'artifacts', ai, 'artifact'], message: `No artifact named "${a.artifact}" in spec.artifacts.` });
        }
      });
    });
    const seen = new Set<string>();
    m.spec.containers.forEach((c, ci) => {
      if (seen.has(c.name)) ctx.addIssue({ code: 'custom', path: ['spec', 'containers', ci, 'name'], message: `Two containers are named "${c.name}".` });
      seen.add(c.name);
    });
    if (m.spec.requires.apps.includes(m.metadata.id)) ctx.addIssue({ code: 'custom', path: ['spec', 'requires', 'apps'], message: 'An app cannot require itself.' });
    // a template may name a secret or a role only if the manifest declares it
    const declared = { secret: new Set(m.spec.secrets), role: new Set(m.spec.requires.roles) };
    const check = (text: string, path: Array<string | number>): void => {
      for (const ref of templateRefs(text)) {
        const [ns, key] = ref.split('.');
        if (ns === 'secret' && key && !declared.secret.has(key)) ctx.addIssue({ code: 'custom', path, message: `{{ ${ref} }}: declare "${key}" in spec.secrets first.` });
        if (ns === 'role' && key && !declared.role.has(key)) ctx.addIssue({ code: 'custom', path, message: `{{ ${ref} }}: add "${key}" to spec.requires.roles first.` });
      }
    };
    m.spec.containers.forEach((c, ci) => {
      c.files.forEach((f, fi) => check(f.content, ['spec', 'containers', ci, 'files', fi, 'content']));
      c.services.forEach((s, si) => {
        for (const [k, v] of Object.entries(s.environment)) check(v, ['spec', 'containers', ci, 'services', si, 'environment', k]);
        if (s.waitFor) check(s.waitFor, ['spec', 'containers', ci, 'services', si, 'waitFor']);
      });
    });
    m.spec.tiles.forEach((t, ti) => {
      check(t.value, ['spec', 'tiles', ti, 'value']);
      // tiles are shown in the UI and sent to the renderer: never a secret
      if (templateRefs(t.value).some((r) => r.startsWith('secret.'))) ctx.addIssue({ code: 'custom', path: ['spec', 'tiles', ti, 'value'], message: 'A tile cannot show a secret.' });
    });
  });

export type AppManifest = z.output<typeof appManifestSchema>;
export type AppContainer = AppManifest['spec']['containers'][number];
