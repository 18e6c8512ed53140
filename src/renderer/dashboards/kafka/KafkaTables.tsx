import { Badge, Card, Group, Text } from '@mantine/core';
import type { KafkaBroker, KafkaGroup, KafkaOverview, KafkaTopic } from '../../../shared/channels/messaging';
import { SortableTable, type Column } from '../components/SortableTable';
import { formatCount } from '../lib/format';
import { formatRate } from './lib';

const topicColumns: Column<KafkaTopic>[] = [
  {
    key: 'name',
    label: 'Topic',
    render: (t) => (
      <Group gap={6} wrap="nowrap">
        <Text size="sm" ff="monospace">
          {t.name}
        </Text>
        {t.internal && (
          <Badge size="xs" variant="light" color="gray">
            internal
          </Badge>
        )}
      </Group>
    ),
  },
  { key: 'partitions', label: 'Partitions', align: 'right' },
  { key: 'replicationFactor', label: 'Replicas', align: 'right' },
  {
    key: 'underReplicated',
    label: 'Under-replicated',
    align: 'right',
    render: (t) => (
      <Text size="sm" c={t.underReplicated || t.offline ? 'orange.8' : undefined} fw={t.underReplicated ? 600 : undefined}>
        {t.underReplicated}
        {t.offline ? ` (${t.offline} offline)` : ''}
      </Text>
    ),
  },
  { key: 'messages', label: 'Messages', align: 'right', render: (t) => formatCount(t.messages) },
  { key: 'messagesPerSecond', label: 'Rate', align: 'right', render: (t) => formatRate(t.messagesPerSecond) },
];

const groupColumns: Column<KafkaGroup>[] = [
  { key: 'groupId', label: 'Group', render: (g) => <Text size="sm" ff="monospace">{g.groupId}</Text> },
  { key: 'state', label: 'State', render: (g) => <Badge variant="light" color={g.state === 'Stable' ? 'teal' : g.state === 'Dead' ? 'red' : 'gray'}>{g.state}</Badge> },
  { key: 'members', label: 'Members', align: 'right' },
  { key: 'lag', label: 'Lag', align: 'right', render: (g) => <Text size="sm" c={g.lag > 0 ? 'orange.8' : undefined}>{formatCount(g.lag)}</Text> },
  { key: 'perTopic', label: 'Topics', render: (g) => g.perTopic.map((t) => `${t.topic} (${formatCount(t.lag)})`).join(', ') || '—' },
];

function brokerColumns(overview: KafkaOverview): Column<KafkaBroker>[] {
  return [
    { key: 'nodeId', label: 'Node', align: 'right' },
    { key: 'container', label: 'Container', render: (b) => b.container ?? '—' },
    { key: 'host', label: 'Advertised', render: (b) => <Text size="sm" ff="monospace">{`${b.host}:${b.port}`}</Text> },
    {
      key: 'port',
      label: 'Role',
      render: (b) => (
        <Group gap={4}>
          <Badge size="sm" variant="light" color="blue">
            broker
          </Badge>
          {overview.quorum?.voters.includes(b.nodeId) && (
            <Badge size="sm" variant="light" color={overview.quorum.leaderId === b.nodeId ? 'grape' : 'gray'}>
              {overview.quorum.leaderId === b.nodeId ? 'active controller' : 'controller'}
            </Badge>
          )}
        </Group>
      ),
    },
  ];
}

/** Topics (sortable, with under-replicated partitions and rates), consumer groups with lag, brokers. */
export function KafkaTables({ overview }: { overview: KafkaOverview | undefined }) {
  if (!overview || overview.state === 'down') return null;
  return (
    <>
      <Card>
        <Text fw={650} mb="sm">
          Topics
        </Text>
        <SortableTable rows={overview.topics} columns={topicColumns} rowKey={(t) => t.name} initialSort={{ key: 'messages', direction: 'desc' }} empty="No topics yet." testId="kafka-topics" />
      </Card>
      <Card>
        <Text fw={650} mb="sm">
          Consumer groups
        </Text>
        <SortableTable rows={overview.groups} columns={groupColumns} rowKey={(g) => g.groupId} initialSort={{ key: 'lag', direction: 'desc' }} empty="No consumer groups." testId="kafka-groups" />
      </Card>
      <Card>
        <Text fw={650} mb="sm">
          Brokers
        </Text>
        <SortableTable rows={overview.brokers} columns={brokerColumns(overview)} rowKey={(b) => String(b.nodeId)} initialSort={{ key: 'nodeId', direction: 'asc' }} empty="No broker is registered." testId="kafka-broker-table" />
      </Card>
    </>
  );
}
