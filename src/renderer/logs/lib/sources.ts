import type { LogSource, LogSourceInfo } from '../../../shared/channels/logs';

/** The source a new tail starts on: the journal, else the system log, else another file, else LXD's log. */
export function defaultSource(sources: readonly LogSourceInfo[]): LogSource | undefined {
  const pick = (f: (s: LogSource) => boolean) => sources.find((i) => f(i.source))?.source;
  return (
    pick((s) => s.kind === 'journal') ??
    pick((s) => s.kind === 'file' && /\/(messages|syslog)$/.test(s.path)) ??
    pick((s) => s.kind === 'file') ??
    pick((s) => s.kind === 'lxd' && s.file === 'lxc.log') ??
    sources[0]?.source
  );
}

/** A short name of a source for a saved file's name. */
export function sourceFileLabel(source: LogSource | undefined): string {
  if (!source) return 'log';
  if (source.kind === 'file') return source.path;
  if (source.kind === 'lxd') return source.file;
  return source.unit ? `journal-${source.unit}` : 'journal';
}
