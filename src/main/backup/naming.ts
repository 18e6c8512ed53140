/** File and folder names BCM makes for archives and restores (pure). */

/** 20261121-093005: sorts by time, safe in file names on every system */
export function stamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

export function safeHostName(host: string): string {
  const clean = host.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return clean.length > 0 ? clean.slice(0, 40) : 'host';
}

export const ARCHIVE_EXTENSION = '.age';

export function archiveName(host: string, date: Date, attempt = 0): string {
  return `bcm-backup-${safeHostName(host)}-${stamp(date)}${attempt > 0 ? `-${attempt + 1}` : ''}${ARCHIVE_EXTENSION}`;
}

/** the hidden file an archive is written to before it is complete */
export function partialName(finalName: string): string {
  return `.${finalName}.partial`;
}

export function isArchiveName(name: string): boolean {
  return name.endsWith(ARCHIVE_EXTENSION) && !name.startsWith('.');
}

export function beforeRestoreName(home: string, date: Date): string {
  return `${home}.before-restore-${stamp(date)}`;
}

export function stagingName(home: string, date: Date): string {
  return `${home}.restore-${stamp(date)}.partial`;
}

/** true when `inner` is `outer` or inside it (both absolute, normalised) */
export function isInside(inner: string, outer: string): boolean {
  const o = outer.endsWith('/') ? outer : `${outer}/`;
  return inner === outer || inner.startsWith(o);
}
