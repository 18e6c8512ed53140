import { Alert, Button, Group, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { IconPlugConnectedX, IconRefresh } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Endpoint, EndpointStatus } from '../../../shared/endpoints';
import type { Instance } from '../../../shared/instances';
import { FingerprintInline } from '../../components/Fingerprint';
import { RichMessage } from '../../components/RichMessage';
import { errorMessage } from '../../lib/errors';
import { formatCpu, formatRelative } from '../../lib/format';
import { countRunning } from '../../lib/instances';
import { ClusterMembers } from './ClusterMembers';
import { Stat } from './Stat';
import { UsageBar } from './UsageBar';

/** Server facts and resource use of one endpoint, or why it cannot be reached. */
export function EndpointStatusBody({
  endpoint,
  status,
  instances,
}: {
  endpoint: Endpoint;
  status: UseQueryResult<EndpointStatus>;
  instances: Instance[] | undefined;
}) {
  const fingerprint = endpoint.serverFingerprint !== undefined && (
    <Group gap="xs" wrap="nowrap" miw={0}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.05em', flexShrink: 0 }}>
        Pinned certificate
      </Text>
      <FingerprintInline fingerprint={endpoint.serverFingerprint} />
    </Group>
  );

  if (status.isPending) {
    return (
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 2, md: 5 }}>
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} h={52} />
          ))}
        </SimpleGrid>
        {fingerprint}
      </Stack>
    );
  }

  const data = status.data;
  if (status.isError || !data?.reachable) {
    const message = status.isError
      ? errorMessage(status.error)
      : (data?.error?.message ?? 'No answer from the server.');
    return (
      <Stack gap="sm">
        <Alert
          color="red"
          variant="light"
          icon={<IconPlugConnectedX size={18} />}
          title={`BCM cannot reach ${endpoint.name}`}
          data-testid="endpoint-error"
        >
          <Stack gap="xs">
            <Text size="sm">
              <RichMessage text={message} />
            </Text>
            <Group gap="sm">
              <Button
                size="xs"
                variant="light"
                color="red"
                leftSection={<IconRefresh size={14} />}
                loading={status.isFetching}
                onClick={() => void status.refetch()}
              >
                Check again
              </Button>
              {data && (
                <Text size="xs" c="dimmed">
                  Last checked {formatRelative(data.checkedAt)}
                </Text>
              )}
            </Group>
          </Stack>
        </Alert>
        {fingerprint}
      </Stack>
    );
  }

  const counts = instances ? { running: countRunning(instances), total: instances.length } : data.instances;

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="lg" verticalSpacing="md">
        <Stat
          label="Server"
          value={data.server?.serverName ?? '—'}
          hint={data.server ? `LXD ${data.server.version}${data.server.clustered ? ' · cluster' : ''}` : undefined}
        />
        <Stat
          label="Instances"
          value={counts ? `${counts.running} running` : '—'}
          hint={counts ? `${counts.total} in total` : undefined}
        />
        <Stat
          label="CPU"
          value={data.resources ? `${data.resources.cpu.threads} threads` : '—'}
          hint={data.resources ? formatCpu(data.resources.cpu) : undefined}
        />
        {data.resources ? (
          <UsageBar label="Memory" used={data.resources.memory.used} total={data.resources.memory.total} />
        ) : (
          <Stat label="Memory" value="—" />
        )}
        {data.resources ? (
          <UsageBar label="Disk" used={data.resources.disk.used} total={data.resources.disk.total} />
        ) : (
          <Stat label="Disk" value="—" />
        )}
      </SimpleGrid>
      {data.members && <ClusterMembers endpoint={endpoint.name} members={data.members} />}
      {fingerprint}
    </Stack>
  );
}
