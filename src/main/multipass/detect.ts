import type { HostResources, MultipassDetection } from '../../shared/channels/multipass';
import { BcmError } from '../../shared/errors';
import { MultipassCli } from './cli';
import { installHint, knownLocations, locateMultipass, type Located } from './locate';

export interface DetectDeps {
  platform: NodeJS.Platform;
  locate: () => Promise<Located>;
  host: () => Promise<HostResources>;
  /** true/false where it can be told (Linux: /dev/kvm), null elsewhere */
  virtualization: () => Promise<boolean | null>;
  cli: (path: string) => MultipassCli;
}

/** The error for "multipass cannot be used", with the install command for this OS. */
export function missingError(located: Located & { found: false }, platform: NodeJS.Platform): BcmError {
  const hint = installHint(platform);
  const message = located.reason
    ? `${located.reason} Unset it to let BCM look in the usual places, or point it at the multipass program.`
    : // the alert's title already says it is not installed: the message says where BCM looked and what to do
      `BCM looked for the multipass program on PATH and in ${knownLocations(platform).join(', ')}. ${hint.text}${hint.command ? ` \`${hint.command}\`` : ''}`;
  return new BcmError('PRECONDITION_FAILED', message, { reason: 'missing', installCommand: hint.command, installUrl: hint.url });
}

/**
 * Can BCM make a VM here? Hardware virtualisation first (without it multipass cannot run VMs at
 * all, and the local-LXD path is the way), then the program, then its daemon.
 */
export async function detectMultipass(deps: DetectDeps): Promise<MultipassDetection> {
  const [host, virt, located] = await Promise.all([deps.host(), deps.virtualization(), deps.locate()]);
  const base = { platform: deps.platform, host, offerLocalLxd: false };
  if (virt === false) {
    return {
      ...base,
      state: 'no-virtualization',
      ...(located.found ? { path: located.path } : {}),
      offerLocalLxd: true,
      message: 'This computer has no hardware virtualisation available (/dev/kvm is missing), so multipass cannot run VMs here.',
      nextStep: 'Enable VT-x/AMD-V in the firmware (BIOS/UEFI) settings and load the kvm module, or deploy straight to this computer’s LXD: it isolates the datacenter in containers without a VM.',
    };
  }
  if (!located.found) {
    const hint = installHint(deps.platform);
    return {
      ...base,
      state: 'missing',
      // the alert's title says it is not installed: the text says where BCM looked
      message: located.reason ?? `BCM looked for the multipass program on PATH and in ${knownLocations(deps.platform).join(', ')}.`,
      nextStep: located.reason ? 'Point BCM_MULTIPASS at the multipass program, or unset it to let BCM look in the usual places. Not installed yet? Install it with the command below.' : hint.text,
      ...(hint.command ? { installCommand: hint.command } : {}),
      installUrl: hint.url,
      offerLocalLxd: true,
    };
  }
  const cli = deps.cli(located.path);
  try {
    const version = await cli.version();
    // the client answers `version` alone when the daemon is down: `list` gets the daemon's own words
    await cli.list();
    return {
      ...base,
      state: 'ready',
      path: located.path,
      version: version.multipass,
      ...(version.multipassd ? { daemonVersion: version.multipassd } : {}),
      message: `Multipass ${version.multipass} is installed and its service answers.`,
    };
  } catch (err) {
    const e = err instanceof BcmError ? err : new BcmError('INTERNAL', String(err));
    const daemonDown = e.detail?.reason === 'daemon-down';
    return {
      ...base,
      state: daemonDown ? 'daemon-down' : 'broken',
      path: located.path,
      message: daemonDown ? 'Multipass is installed but its service (multipassd) is not running.' : `Multipass is installed but does not work: ${e.message}`,
      nextStep: daemonDown ? `Start it with \`${String(e.detail?.nextStep ?? 'sudo snap restart multipass')}\`, then check again.` : 'Run `multipass list` in a terminal to see what is wrong, then check again.',
    };
  }
}

export function defaultDetectDeps(deps: Pick<DetectDeps, 'host' | 'virtualization'> & { platform?: NodeJS.Platform; env?: NodeJS.ProcessEnv }): DetectDeps {
  const platform = deps.platform ?? process.platform;
  return {
    platform,
    host: deps.host,
    virtualization: deps.virtualization,
    locate: () => locateMultipass({ platform, ...(deps.env ? { env: deps.env } : {}) }),
    cli: (path) => new MultipassCli(path, platform),
  };
}
