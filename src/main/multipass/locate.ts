import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

/** How to install multipass on each OS (canonical.com/multipass/install). */
export interface InstallHint {
  command?: string;
  url: string;
  text: string;
}

export const INSTALL_URL = 'https://canonical.com/multipass/install';

export function installHint(platform: NodeJS.Platform): InstallHint {
  if (platform === 'darwin') {
    return {
      command: 'brew install --cask multipass',
      url: INSTALL_URL,
      text: 'Install Multipass with its macOS installer from canonical.com/multipass/install (or with Homebrew), then come back.',
    };
  }
  if (platform === 'win32') {
    return {
      command: 'winget install Canonical.Multipass',
      url: INSTALL_URL,
      text: 'Install Multipass with its Windows installer from canonical.com/multipass/install (it needs Hyper-V or VirtualBox), then come back.',
    };
  }
  return {
    command: 'sudo snap install multipass',
    url: INSTALL_URL,
    text: 'Multipass is distributed as a snap: install it with the command below, then come back.',
  };
}

/** Where the installers put the program, besides PATH (a desktop app's PATH often lacks /snap/bin). */
export function knownLocations(platform: NodeJS.Platform): string[] {
  if (platform === 'darwin') return ['/usr/local/bin/multipass', '/opt/homebrew/bin/multipass', '/Library/Application Support/com.canonical.multipass/bin/multipass'];
  if (platform === 'win32') return ['C:\\Program Files\\Multipass\\bin\\multipass.exe'];
  return ['/snap/bin/multipass', '/var/lib/snapd/snap/bin/multipass', '/usr/local/bin/multipass', '/usr/bin/multipass'];
}

export interface LocateOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** overridable in tests */
  isExecutable?: (path: string) => Promise<boolean>;
}

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export type Located = { found: true; path: string; configured: boolean } | { found: false; configured: boolean; searched: string[]; reason?: string };

/**
 * Finds the multipass program: $BCM_MULTIPASS when set (the path is configurable; a missing file
 * there is reported, not silently replaced), else PATH, else the installers' usual places.
 */
export async function locateMultipass(options: LocateOptions = {}): Promise<Located> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const isExec = options.isExecutable ?? executable;
  const configured = env.BCM_MULTIPASS?.trim();
  if (configured) {
    if (!isAbsolute(configured)) return { found: false, configured: true, searched: [configured], reason: `BCM_MULTIPASS must be an absolute path (it is "${configured}").` };
    if (await isExec(configured)) return { found: true, path: configured, configured: true };
    return { found: false, configured: true, searched: [configured], reason: `BCM_MULTIPASS points to ${configured}, which is not an executable file.` };
  }
  const name = platform === 'win32' ? 'multipass.exe' : 'multipass';
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
  const candidates = [...dirs.map((d) => join(d, name)), ...knownLocations(platform)];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    if (await isExec(candidate)) return { found: true, path: candidate, configured: false };
  }
  return { found: false, configured: false, searched: [...seen] };
}
