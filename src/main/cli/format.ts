import type { BackupResult, JobProgress, Manifest, RestoreReport } from '../../shared/channels/store';
import { summarise } from '../backup/manifest';

/** Text the CLI prints (pure, unit-tested). */

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function progressLine(p: JobProgress): string {
  const pct = p.total > 0 ? Math.min(100, Math.floor((p.done / p.total) * 100)) : 0;
  const what = p.member ? ` ${p.member.length > 48 ? `…${p.member.slice(-47)}` : p.member}` : p.message ? ` ${p.message}` : '';
  return `${p.phase.padEnd(10)} ${String(pct).padStart(3)}%${what}`;
}

export function manifestText(manifest: Manifest): string[] {
  const s = summarise(manifest);
  const lines = [
    `Backup of ${manifest.source} on ${manifest.host}, made ${manifest.createdAt} by BCM ${manifest.app.version} (format ${manifest.formatVersion})`,
    `  ${s.endpoints} endpoint file(s), ${s.datacenters} datacenter spec(s), ${s.secrets} secret(s), ${s.history} history object(s), ${s.other} other file(s)`,
    `  ${s.channelBackups} static channel backup(s)`,
  ];
  for (const c of manifest.channelBackups) lines.push(`    ${c.datacenter}/${c.node} (${c.implementation}, ${c.network}) ${bytes(c.size)} sha256 ${c.sha256.slice(0, 16)}…`);
  for (const n of manifest.notes) lines.push(`  note: ${n}`);
  return lines;
}

export function backupText(result: BackupResult): string[] {
  const lines = [`Wrote ${result.path} (${bytes(result.size)}, ${result.members} members, ${result.seconds.toFixed(1)} s)`];
  for (const c of result.channelBackups) lines.push(`  channel backup: ${c.datacenter}/${c.node} (${c.network})`);
  for (const n of result.notes) lines.push(`  note: ${n}`);
  return lines;
}

export function restoreText(report: RestoreReport): string[] {
  const lines = [
    `Restored ${report.verified} member(s) from ${report.archive} into ${report.restoredTo}; every one matched its SHA-256.`,
    report.keptAside ? `The store that was there is kept at ${report.keptAside} (nothing was deleted).` : 'There was no store there before.',
  ];
  if (report.uncommittedSaved.length > 0) lines.push(`Its uncommitted changes were committed there first: ${report.uncommittedSaved.join(', ')}`);
  if (report.recoveryFolder) {
    lines.push(`Static channel backups are in ${report.recoveryFolder} (see RECOVERY.txt there):`);
    for (const c of report.channelBackups) lines.push(`  ${c.restoredPath}`);
    lines.push('', ...report.instructions);
  }
  return lines;
}
