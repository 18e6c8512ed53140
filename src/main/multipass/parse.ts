import { z } from 'zod';
import { vmStates, type VmInfo, type VmState } from '../../shared/channels/multipass';
import { BcmError } from '../../shared/errors';

/**
 * Strict readers of multipass's `--format json` answers (shapes from its json_formatter.cpp): a
 * field of the wrong type is an error naming the command, never a silent default. Fields a newer
 * multipass adds are ignored.
 */

function readJson<S extends z.ZodType>(command: string, text: string, schema: S): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BcmError('INTERNAL', `\`multipass ${command}\` did not print JSON BCM can read (${text.trim().slice(0, 120) || 'nothing'}). Is this a multipass BCM supports (1.10 or newer)?`, { command });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BcmError('INTERNAL', `\`multipass ${command}\` answered in a shape BCM does not know (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'}).`, { command });
  }
  return parsed.data;
}

const versionSchema = z.object({
  multipass: z.string().min(1),
  /** absent when the daemon did not answer */
  multipassd: z.string().min(1).optional(),
  update: z.object({ title: z.string(), description: z.string(), url: z.string() }).optional(),
});
export type MultipassVersion = z.infer<typeof versionSchema>;

export function parseVersion(text: string): MultipassVersion {
  return readJson('version --format json', text, versionSchema);
}

const stateSchema = z.string().transform((s): VmState => ((vmStates as readonly string[]).includes(s) ? (s as VmState) : 'Unknown'));

const listSchema = z.object({
  list: z.array(z.object({ name: z.string().min(1), state: stateSchema, ipv4: z.array(z.string()), release: z.string() })),
});
export type ListedVm = z.infer<typeof listSchema>['list'][number];

export function parseList(text: string): ListedVm[] {
  return readJson('list --format json', text, listSchema).list;
}

/** "" (a stopped VM) or digits: multipass prints disk sizes and the CPU count as strings. */
const numericString = z
  .string()
  .regex(/^\d*$/, 'a number as a string')
  .transform((s) => (s === '' ? null : Number(s)));

const infoItemSchema = z.object({
  state: stateSchema,
  image_release: z.string(),
  release: z.string(),
  cpu_count: numericString,
  ipv4: z.array(z.string()),
  load: z.array(z.number()).default([]),
  memory: z.object({ used: z.number().optional(), total: z.number().optional() }),
  disks: z.record(z.string(), z.object({ used: numericString.optional(), total: numericString.optional() })),
});

const infoSchema = z.object({
  errors: z.array(z.unknown()),
  info: z.record(z.string(), infoItemSchema),
});

export function parseInfo(text: string, name: string): VmInfo {
  const all = readJson(`info ${name} --format json`, text, infoSchema);
  const item = all.info[name];
  if (!item) throw new BcmError('NOT_FOUND', `multipass knows no VM named "${name}".`, { vm: name });
  const disk = Object.values(item.disks)[0];
  return {
    name,
    state: item.state,
    ipv4: item.ipv4,
    release: item.release,
    imageRelease: item.image_release,
    cpus: item.cpu_count,
    load: item.load,
    memory: { used: item.memory.used ?? null, total: item.memory.total ?? null },
    disk: { used: disk?.used ?? null, total: disk?.total ?? null },
  };
}

const cloudInitStatusSchema = z.object({
  status: z.string(),
  extended_status: z.string().optional(),
  errors: z.array(z.string()).default([]),
  detail: z.string().optional(),
});
export type CloudInitStatus = z.infer<typeof cloudInitStatusSchema>;

/** `cloud-init status --format json` (22.x and 24.x shapes) inside the VM. */
export function parseCloudInitStatus(text: string): CloudInitStatus {
  return readJson('exec … cloud-init status --format json', text, cloudInitStatusSchema);
}

export type LaunchOutput =
  | { kind: 'download'; percent: number; text: string }
  | { kind: 'message'; text: string }
  | { kind: 'launched'; name: string; text: string };

const percentLine = /^(Retrieving image|Retrieving kernel image|Retrieving initrd image|Extracting image|Verifying image|Preparing image): *(\d{1,3})%$/;
const SPINNER = /^[|/\\-]\s+/;

/**
 * The lines `multipass launch` prints while it works ("Retrieving image: 42%", "Creating bcm",
 * "Waiting for initialization to complete", "Launched: bcm"), from raw output with carriage
 * returns and spinner frames. Pure: feed it whatever arrived; it returns the complete lines.
 */
export function createLaunchOutputParser(): (chunk: string) => LaunchOutput[] {
  let pending = '';
  let last = '';
  return (chunk) => {
    pending += chunk;
    const parts = pending.split(/[\r\n]/);
    pending = parts.pop() ?? '';
    const out: LaunchOutput[] = [];
    for (const raw of parts) {
      const text = raw.replace(SPINNER, '').trim();
      if (text === '' || text === last) continue;
      last = text;
      const pct = percentLine.exec(text);
      if (pct) out.push({ kind: 'download', percent: Math.min(100, Number(pct[2])), text });
      else if (text.startsWith('Launched: ')) out.push({ kind: 'launched', name: text.slice('Launched: '.length).trim(), text });
      else out.push({ kind: 'message', text });
    }
    return out;
  };
}

/** Why a multipass command failed, as a BcmError with what to do next. */
export function classifyFailure(command: string, exitCode: number | null, stderr: string, platform: NodeJS.Platform = process.platform): BcmError {
  const text = stderr.trim();
  const detail = { command, exitCode, stderr: text.slice(0, 2000) };
  if (/cannot connect to the multipass socket/i.test(text)) {
    const start =
      platform === 'darwin'
        ? 'sudo launchctl kickstart -k system/com.canonical.multipassd'
        : platform === 'win32'
          ? 'Restart-Service Multipass (PowerShell as administrator)'
          : 'sudo snap restart multipass';
    return new BcmError('PRECONDITION_FAILED', `The multipass service (multipassd) is not running, so no VM can be created or managed. Start it with \`${start}\` and try again.`, {
      ...detail,
      reason: 'daemon-down',
      nextStep: start,
    });
  }
  if (/socket access denied|permission denied/i.test(text)) {
    return new BcmError('PERMISSION_DENIED', `multipass refused this user (${firstLine(text)}). Run \`multipass list\` in a terminal to see why; on Linux your user may need to be in the group that owns the multipass socket.`, detail);
  }
  const clash = /instance "([^"]+)" already exists/.exec(text);
  if (clash) {
    return new BcmError('CONFLICT', `multipass already has a VM named "${clash[1]}". Choose another name, or delete that VM first (\`multipass delete --purge ${clash[1]}\`).`, { ...detail, field: 'name' });
  }
  const missing = /instance "([^"]+)" does not exist/.exec(text);
  if (missing) return new BcmError('NOT_FOUND', `multipass has no VM named "${missing[1]}" (any more). It may have been deleted outside BCM.`, detail);
  if (/KVM support is not enabled|virtuali[sz]ation is not (enabled|supported)|Hyper-?V.*(not enabled|is disabled)|HVF .*not supported/i.test(text)) {
    return new BcmError('PRECONDITION_FAILED', `This computer has no hardware virtualisation available (${firstLine(text)}). Enable VT-x/AMD-V in the firmware settings, or deploy straight to this computer's LXD instead of a VM.`, {
      ...detail,
      reason: 'no-virtualization',
    });
  }
  const disk = /Available disk \((\d+) bytes\) below minimum for this image \((\d+) bytes\)/.exec(text);
  if (disk) {
    return new BcmError('PRECONDITION_FAILED', `Not enough free disk for the VM image: ${gib(Number(disk[1]))} free, the image alone needs ${gib(Number(disk[2]))}. Free some space and try again.`, {
      ...detail,
      reason: 'disk',
    });
  }
  if (/cannot (set up|allocate) guest memory|Cannot allocate memory|not enough memory|insufficient memory/i.test(text)) {
    return new BcmError('PRECONDITION_FAILED', `This computer could not give the VM the memory asked for (${firstLine(text)}). Choose less memory, or close other programs and try again.`, {
      ...detail,
      reason: 'memory',
    });
  }
  if (/Timed out waiting for instance launch/i.test(text) || /timed out/i.test(text)) {
    return new BcmError('TIMEOUT', `multipass gave up waiting for the VM to start (${firstLine(text)}). A first launch downloads the Ubuntu image; on a slow connection try again, it is cached now.`, detail);
  }
  if (/Invalid (disk|memory) size|Invalid instance name/i.test(text)) return new BcmError('VALIDATION', `multipass refused the request: ${firstLine(text)}`, detail);
  return new BcmError('INTERNAL', `\`multipass ${command}\` failed${exitCode !== null ? ` (exit code ${exitCode})` : ''}: ${firstLine(text) || 'no message'}`, detail);
}

function firstLine(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ')
    .slice(0, 300);
}

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}
