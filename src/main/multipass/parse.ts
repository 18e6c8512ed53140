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

const IMAGE_STEPS = '(Retrieving image|Retrieving kernel image|Retrieving initrd image|Extracting image|Verifying image|Preparing image)';
const percentAt = new RegExp(`^${IMAGE_STEPS}: (\\d{1,3})%`);
const imageStepAt = new RegExp(`^${IMAGE_STEPS}: ?`);
/** where a new message may begin inside run-on output */
const NEXT = /Retrieving |Extracting image|Verifying image|Preparing image|Creating |Configuring |Starting |Waiting for |Launched: /g;
// eslint-disable-next-line no-control-regex
const NOISE = /\x1b\[[0-9;?]*[A-Za-z]|\x08[|/\\ -]?/g;

/**
 * The messages `multipass launch` prints while it works ("Retrieving image: 42%", "Creating bcm",
 * "Waiting for initialization to complete", "Launched: bcm"). When its output is not a terminal
 * (as here) multipass writes each message with no line break ("Creating bcmStarting bcm…", see
 * its animated_spinner.cpp), percentages after a carriage return; on a terminal it adds escape
 * sequences and spinner frames. Pure: feed it whatever arrived; it returns the complete messages.
 */
export function createLaunchOutputParser(vmName?: string): (chunk: string) => LaunchOutput[] {
  let buf = '';
  let last = '';
  const named = vmName ? new RegExp(`^(Creating|Configuring|Starting) ${vmName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) : null;
  return (chunk) => {
    buf += chunk;
    const out: LaunchOutput[] = [];
    const push = (o: LaunchOutput) => {
      if (o.text === last) return;
      last = o.text;
      out.push(o);
    };
    for (;;) {
      buf = buf.replace(NOISE, '').replace(/^[\r\n\s]+/, '');
      if (buf === '') break;
      const pct = percentAt.exec(buf);
      if (pct) {
        push({ kind: 'download', percent: Math.min(100, Number(pct[2])), text: `${pct[1]}: ${pct[2]}%` });
        buf = buf.slice(pct[0].length);
        continue;
      }
      const step = imageStepAt.exec(buf);
      if (step) {
        const rest = buf.slice(step[0].length);
        if (rest === '' || /^\d{1,3}$/.test(rest)) break; // a percentage may still come
        push({ kind: 'message', text: step[1] ?? '' });
        buf = rest;
        continue;
      }
      const launched = /^Launched: (\S+?)(?:\r?\n|$)/.exec(buf);
      if (launched && (launched[0].endsWith('\n') || (vmName !== undefined && launched[1] === vmName))) {
        push({ kind: 'launched', name: launched[1] ?? '', text: `Launched: ${launched[1]}` });
        buf = buf.slice(launched[0].length);
        continue;
      }
      if (buf.startsWith('Launched: ')) break;
      if (buf.startsWith('Waiting for initialization to complete')) {
        push({ kind: 'message', text: 'Waiting for initialization to complete' });
        buf = buf.slice('Waiting for initialization to complete'.length);
        continue;
      }
      const known = named?.exec(buf);
      if (known) {
        push({ kind: 'message', text: known[0] });
        buf = buf.slice(known[0].length);
        continue;
      }
      // anything else: up to a line end or the start of the next known message
      NEXT.lastIndex = 1;
      const next = NEXT.exec(buf);
      const eol = buf.search(/[\r\n]/);
      const cut = [next?.index ?? -1, eol].filter((i) => i > 0).sort((a, b) => a - b)[0];
      if (cut === undefined) break;
      push({ kind: 'message', text: buf.slice(0, cut).trim() });
      buf = buf.slice(cut);
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
