import { Alert, Badge, Button, Group, List, Loader, Text, Tooltip } from '@mantine/core';
import { IconPlugConnectedX, IconRefresh } from '@tabler/icons-react';
import type { KafkaOverview } from '../../../shared/channels/messaging';
import { formatMoment, formatRelative } from '../../lib/format';
import { kafkaLooks } from './lib';

/** The one-glance state of the cluster, what is wrong with it, and "not responding since …". */
export function KafkaHeader({ overview, fetching, onRefresh }: { overview: KafkaOverview | undefined; fetching: boolean; onRefresh: () => void }) {
  const look = overview ? kafkaLooks[overview.state] : undefined;
  const reason = !overview
    ? 'Reading…'
    : overview.state === 'healthy'
      ? `${overview.brokers.length} of ${overview.expectedBrokers} broker${overview.expectedBrokers === 1 ? '' : 's'} up, every partition led and in sync.`
      : (overview.problems[0] ?? '');
  return (
    <div>
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          {look && overview ? (
            <Badge size="lg" variant="light" color={look.color} data-testid="kafka-health" data-health={overview.state}>
              {look.label}
            </Badge>
          ) : (
            <Loader size="sm" />
          )}
          <Text size="sm" style={{ minWidth: 0, wordBreak: 'break-word' }} data-testid="kafka-reason">
            {reason}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          {overview && (
            <Tooltip label={new Date(overview.checkedAt).toLocaleString()}>
              <Text size="xs" c="dimmed">
                Read {formatRelative(overview.checkedAt)}
              </Text>
            </Tooltip>
          )}
          <Button size="xs" variant="subtle" color="gray" leftSection={<IconRefresh size={14} />} loading={fetching} onClick={onRefresh}>
            Refresh
          </Button>
        </Group>
      </Group>
      {overview && overview.state !== 'healthy' && overview.problems.length > 1 && (
        <List size="sm" mt="xs" c="orange.8" data-testid="kafka-problems">
          {overview.problems.slice(1).map((p) => (
            <List.Item key={p}>{p}</List.Item>
          ))}
        </List>
      )}
      {overview?.state === 'down' && (
        <Alert mt="sm" color="red" variant="light" icon={<IconPlugConnectedX size={18} />} data-testid="kafka-not-responding">
          {overview.lastOkAt
            ? `Not responding since ${formatMoment(overview.lastOkAt)} (last answer ${formatRelative(overview.lastOkAt)}).`
            : 'Not responding since this page opened.'}{' '}
          Check the Kafka containers on the datacenter page (status, logs); BCM keeps trying every few seconds.
        </Alert>
      )}
    </div>
  );
}
