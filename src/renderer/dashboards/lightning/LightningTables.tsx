import { Badge, Card, Progress, Tabs, Text, Tooltip } from '@mantine/core';
import type { Channel, LightningPeer, LightningSnapshot } from '../../../shared/services/lightning';
import { formatBytes } from '../../lib/format';
import { SortableTable, type Column } from '../components/SortableTable';
import { formatSats, shortHash } from '../lib/format';
import { localShare } from '../lib/series';

const stateColor: Record<Channel['state'], string> = { active: 'teal', inactive: 'gray', 'pending-open': 'blue', 'pending-close': 'orange', closing: 'orange' };

const channelColumns: Column<Channel>[] = [
  { key: 'peerAlias', label: 'Peer', render: (c) => <Tooltip label={c.peer}><Text size="sm">{c.peerAlias ?? shortHash(c.peer, 8)}</Text></Tooltip> },
  { key: 'state', label: 'State', render: (c) => <Badge variant="light" color={stateColor[c.state]}>{c.state}</Badge> },
  { key: 'capacitySat', label: 'Capacity', align: 'right', render: (c) => formatSats(c.capacitySat) },
  { key: 'localSat', label: 'Local', align: 'right', render: (c) => formatSats(c.localSat) },
  { key: 'remoteSat', label: 'Remote', align: 'right', render: (c) => formatSats(c.remoteSat) },
  { key: 'id', label: 'Balance', render: (c) => <Progress value={localShare(c.localSat, c.remoteSat)} size="sm" w={120} aria-label="Local share" /> },
  { key: 'private', label: 'Private', render: (c) => (c.private ? 'yes' : 'no') },
];

const peerColumns: Column<LightningPeer>[] = [
  { key: 'pubkey', label: 'Public key', render: (p) => <Text size="sm" ff="monospace" title={p.pubkey}>{shortHash(p.pubkey, 12)}</Text> },
  { key: 'address', label: 'Address' },
  { key: 'inbound', label: 'Direction', render: (p) => (p.inbound === null ? '—' : p.inbound ? 'in' : 'out') },
  { key: 'pingMs', label: 'Ping', align: 'right', render: (p) => (p.pingMs === null ? '—' : `${p.pingMs} ms`) },
  { key: 'bytesReceived', label: 'Received', align: 'right', render: (p) => (p.bytesReceived === null ? '—' : formatBytes(p.bytesReceived)) },
];

/** Channels and peers, sortable. */
export function LightningTables({ snapshot }: { snapshot: LightningSnapshot | undefined }) {
  return (
    <Card>
      <Tabs defaultValue="channels" keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="channels">Channels{snapshot?.channels.ok ? ` (${snapshot.channels.value.list.length})` : ''}</Tabs.Tab>
          <Tabs.Tab value="peers">Peers{snapshot?.peers.ok ? ` (${snapshot.peers.value.length})` : ''}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="channels">
          {snapshot?.channels.ok === false ? (
            <Text c="orange.8" size="sm">{snapshot.channels.error.message}</Text>
          ) : (
            <SortableTable rows={snapshot?.channels.ok ? snapshot.channels.value.list : []} columns={channelColumns} rowKey={(c) => c.id} initialSort={{ key: 'capacitySat', direction: 'desc' }} empty="No channels yet." testId="channels-table" />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="peers">
          {snapshot?.peers.ok === false ? (
            <Text c="orange.8" size="sm">{snapshot.peers.error.message}</Text>
          ) : (
            <SortableTable rows={snapshot?.peers.ok ? snapshot.peers.value : []} columns={peerColumns} rowKey={(p) => p.pubkey} initialSort={{ key: 'pubkey', direction: 'asc' }} empty="No peers connected." testId="ln-peers-table" />
          )}
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}
