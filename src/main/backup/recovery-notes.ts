import type { ChannelBackupEntry } from '../../shared/channels/store';

/**
 * What to do with a restored static channel backup (pure; shown in the UI, printed by the CLI,
 * and written next to the files as RECOVERY.txt). A static channel backup does not restore
 * channels: it lets the node ask its peers to force-close them so the funds come back on chain.
 */
export function recoveryInstructions(entries: readonly (ChannelBackupEntry & { restoredPath: string })[]): string[] {
  if (entries.length === 0) return [];
  const lines = [
    'These are static channel backups. Use one only to recover funds after a Lightning node lost its data: the node asks each peer to force-close, and the funds return on chain after the timelock. Never use an old backup on a node that still runs its channels.',
  ];
  for (const e of entries) {
    const where = `${e.project}/${e.node}`;
    if (e.implementation === 'lnd') {
      lines.push(
        `lnd (${e.datacenter}, ${e.network}): on the LND dashboard choose Restore wallet: it offers this file with the seed. Or, by hand, restore the wallet from its seed first (lncli create), then copy the file in and apply it:\n` +
          `  lxc file push ${e.restoredPath} ${e.node}/tmp/channel.backup --project ${e.project}\n` +
          `  lxc exec ${e.node} --project ${e.project} -- lncli --network=${e.network} restorechanbackup --multi_file=/tmp/channel.backup\n` +
          `  (on ${where}; it came from ${e.sourcePath})`,
      );
    } else {
      lines.push(
        `Core Lightning (${e.datacenter}, ${e.network}): restore hsm_secret first, then put the file back where it came from and recover:\n` +
          `  lxc file push ${e.restoredPath} ${e.node}${e.sourcePath} --project ${e.project}\n` +
          `  lxc exec ${e.node} --project ${e.project} -- lightning-cli --network=${e.network === 'bitcoin' ? 'bitcoin' : e.network} emergencyrecover\n` +
          `  (on ${where})`,
      );
    }
  }
  return lines;
}
