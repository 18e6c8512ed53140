import type { LogSource } from '../../shared/channels/logs';

/** The command that follows an exec-based source, printing `backlog` lines of history first. */
export function followCommand(source: Exclude<LogSource, { kind: 'lxd' }>, backlog: number): string[] {
  const n = String(Math.max(0, Math.floor(backlog)));
  if (source.kind === 'file') return ['tail', '-n', n, '-F', source.path];
  const cmd = ['journalctl', '--follow', '--no-pager', '--output', 'short-iso', '--lines', n];
  if (source.unit) cmd.push('--unit', source.unit);
  return cmd;
}

/** A short name for a source, for labels and file names. */
export function sourceLabel(source: LogSource): string {
  if (source.kind === 'file') return source.path;
  if (source.kind === 'journal') return source.unit ? `journal: ${source.unit}` : 'journal';
  return `LXD: ${source.file}`;
}

/**
 * Lists what can be followed in a running instance: the journal when journalctl exists, and log
 * files under /var/log (at most `max`). Prints "J" and "F <path>" lines.
 */
export function discoveryCommand(max = 40): string[] {
  const script = [
    'command -v journalctl >/dev/null 2>&1 && echo J',
    'n=0',
    'for f in /var/log/messages /var/log/syslog /var/log/*.log /var/log/*/*.log /var/log/*/current; do',
    `  [ -f "$f" ] && [ "$n" -lt ${max} ] && echo "F $f" && n=$((n+1))`,
    'done',
    'exit 0',
  ].join('\n');
  return ['/bin/sh', '-c', script];
}

export function parseDiscovery(stdout: string): { journal: boolean; files: string[] } {
  const files: string[] = [];
  let journal = false;
  for (const line of stdout.split('\n')) {
    if (line === 'J') journal = true;
    else if (line.startsWith('F /') && !files.includes(line.slice(2))) files.push(line.slice(2));
  }
  return { journal, files };
}
