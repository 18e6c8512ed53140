import { Badge, Card, Tabs, Text } from '@mantine/core';
import type { NodePeer, NodeSnapshot, RecentBlock } from '../../../shared/services/node';
import { formatBytes, formatRelative } from '../../lib/format';
import { SortableTable, type Column } from '../components/SortableTable';
import { formatCount, shortHash } from '../lib/format';

const peerColumns: Column<NodePeer>[] = [
  { key: 'address', label: 'Address', render: (p) => <Text size="sm" ff="monospace">{p.address}</Text> },
  { key: 'inbound', label: 'Direction', render: (p) => (p.inbound ? 'in' : 'out') },
  { key: 'network', label: 'Network', render: (p) => <Badge variant="light" color={p.network === 'onion' ? 'grape' : 'gray'}>{p.network}</Badge> },
  { key: 'userAgent', label: 'Software' },
  { key: 'syncedBlocks', label: 'Height', align: 'right', render: (p) => (p.syncedBlocks === null ? '—' : formatCount(p.syncedBlocks)) },
  { key: 'pingMs', label: 'Ping', align: 'right', render: (p) => (p.pingMs === null ? '—' : `${p.pingMs} ms`) },
  { key: 'bytesReceived', label: 'Received', align: 'right', render: (p) => formatBytes(p.bytesReceived) },
  { key: 'connectedAt', label: 'Connected', render: (p) => (p.connectedAt ? formatRelative(p.connectedAt) : '—') },
];

const blockColumns: Column<RecentBlock>[] = [
  { key: 'height', label: 'Height', render: (b) => formatCount(b.height) },
  { key: 'hash', label: 'Hash', render: (b) => <Text size="sm" ff="monospace" title={b.hash}>{shortHash(b.hash, 10)}</Text> },
  { key: 'time', label: 'Time', render: (b) => new Date(b.time * 1000).toLocaleString() },
  { key: 'txCount', label: 'Transactions', align: 'right', render: (b) => formatCount(b.txCount) },
  { key: 'sizeBytes', label: 'Size', align: 'right', render: (b) => formatBytes(b.sizeBytes) },
];

/** Peers and recent blocks, each sortable by any column. */
export function NodeTables({ snapshot }: { snapshot: NodeSnapshot | undefined }) {
  return (
    <Card>
      <Tabs defaultValue="blocks" keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="blocks">Recent blocks</Tabs.Tab>
          <Tabs.Tab value="peers">Peers{snapshot?.peers.ok ? ` (${snapshot.peers.value.list.length})` : ''}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="blocks">
          {snapshot?.recentBlocks.ok === false ? (
            <Text c="orange.8" size="sm">{snapshot.recentBlocks.error.message}</Text>
          ) : (
            <SortableTable rows={snapshot?.recentBlocks.ok ? snapshot.recentBlocks.value : []} columns={blockColumns} rowKey={(b) => b.hash} initialSort={{ key: 'height', direction: 'desc' }} empty="No blocks read yet." testId="blocks-table" />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="peers">
          {snapshot?.peers.ok === false ? (
            <Text c="orange.8" size="sm">{snapshot.peers.error.message}</Text>
          ) : (
            <SortableTable
              rows={snapshot?.peers.ok ? snapshot.peers.value.list : []}
              columns={peerColumns}
              rowKey={(p) => String(p.id)}
              initialSort={{ key: 'pingMs', direction: 'asc' }}
              empty={snapshot?.chain === 'regtest' ? 'No peers: a regtest node runs alone.' : 'No peers connected.'}
              testId="peers-table"
            />
          )}
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}
