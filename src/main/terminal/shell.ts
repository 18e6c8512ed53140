import { BcmError } from '../../shared/errors';
import type { TerminalPreset } from '../../shared/channels/terminal';

export type ShellChoice = 'auto' | 'bash' | 'sh';

/** The shells a terminal can run, best first. */
const CANDIDATES = ['/bin/bash', '/usr/bin/bash', '/bin/sh', '/usr/bin/sh'];

/** Quotes a string for a POSIX shell (single quotes; embedded ones closed, escaped, reopened). */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * One exec that finds the shells present and, for a preset, writes its rc file from stdin first:
 * `sh -c SCRIPT sh RCPATH`. Prints one path per line.
 */
export function probeCommand(rcPath?: string): string[] {
  const write = rcPath === undefined ? '' : 'umask 077; cat > "$1" || exit 3; ';
  const find = `for s in ${CANDIDATES.join(' ')}; do [ -x "$s" ] && echo "$s"; done; exit 0`;
  return rcPath === undefined ? ['/bin/sh', '-c', find] : ['/bin/sh', '-c', `${write}${find}`, 'sh', rcPath];
}

export interface ShellPlan {
  /** the shell's path, e.g. /bin/bash */
  shell: string;
  /** the command line to run on the terminal */
  argv: string[];
  /** extra environment (a preset's rc file for sh goes through $ENV) */
  env: Record<string, string>;
  notice?: string;
}

const isBash = (path: string): boolean => path.endsWith('/bash');

/** Picks the shell from what the probe found; bash when asked for (or auto) and there, else sh, and says so. */
export function chooseShell(found: string[], requested: ShellChoice, instance: string, rcPath?: string): ShellPlan {
  const bash = found.find(isBash);
  const sh = found.find((p) => !isBash(p));
  let shell: string | undefined;
  let notice: string | undefined;
  if (requested === 'sh') {
    shell = sh ?? bash;
  } else {
    shell = bash ?? sh;
    if (!bash && sh) notice = `bash is not installed in ${instance}: this is ${sh} instead.`;
  }
  if (shell === undefined) {
    throw new BcmError(
      'NOT_FOUND',
      `No shell found in ${instance} (looked for ${CANDIDATES.join(', ')}). Install bash or busybox in the image, or use the log view instead.`,
      { instance },
    );
  }
  const plan: ShellPlan = { shell, argv: [shell, '-l'], env: {} };
  if (notice !== undefined) plan.notice = notice;
  if (rcPath !== undefined) {
    if (isBash(shell)) plan.argv = [shell, '--rcfile', rcPath, '-i'];
    else plan.env = { ENV: rcPath };
  }
  return plan;
}

/** Parses the probe's output (one path per line) into the shells that exist. */
export function parseProbe(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => CANDIDATES.includes(l));
}

/**
 * The rc file of a preset shell: the usual startup files first, then the preset's environment,
 * aliases and banner. It removes itself once read (it lives in /tmp of the container).
 */
export function presetRc(preset: TerminalPreset, rcPath: string): string {
  const lines = [
    '# written by Bitcoin Cache Machine for one terminal session',
    '[ -n "$BASH_VERSION" ] && [ -f /etc/bash.bashrc ] && . /etc/bash.bashrc',
    '[ -n "$BASH_VERSION" ] && [ -f "$HOME/.bashrc" ] && . "$HOME/.bashrc"',
  ];
  for (const [key, value] of Object.entries(preset.env ?? {})) lines.push(`export ${key}=${shQuote(value)}`);
  for (const alias of preset.aliases ?? []) lines.push(`alias ${alias.name}=${shQuote(alias.command)}`);
  if (preset.banner) lines.push(`printf '%s\\n' ${shQuote(preset.banner)}`);
  lines.push(`rm -f ${shQuote(rcPath)}`);
  return `${lines.join('\n')}\n`;
}
