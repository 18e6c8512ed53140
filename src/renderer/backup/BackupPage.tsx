import { Alert, Grid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ErrorAlert } from '../components/ErrorAlert';
import { useBackupStatus } from './api';
import { BackupCard } from './BackupCard';
import { RestoreCard } from './RestoreCard';
import { ScheduleCard } from './ScheduleCard';

/** Backup & restore of ~/.bcm and the Lightning nodes' channel backups. */
export function BackupPage() {
  const status = useBackupStatus(true);
  const changed = status.data?.channelState?.changed ?? [];
  return (
    <Stack gap="lg" maw={1200} mx="auto">
      <div>
        <Title order={2}>Backup &amp; restore</Title>
        <Text c="dimmed" size="sm" mt={4}>
          What you must never lose: your endpoints, keys and datacenter specs in ~/.bcm, and your Lightning channels.
        </Text>
      </div>
      {status.isPending && <Skeleton h={320} radius="md" />}
      {status.isError && <ErrorAlert error={status.error} title="Could not read the backup status" />}
      {changed.length > 0 && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="Channel state changed since the last backup" data-testid="channel-warning">
          {changed.map((c) => (
            <Text key={`${c.datacenter}/${c.node}/${c.network}`} size="sm">
              {c.datacenter} · {c.node} ({c.network}): {c.reason}.
            </Text>
          ))}
          <Text size="sm" mt={4}>
            Back up now so the archive holds the current static channel backup.
          </Text>
        </Alert>
      )}
      {status.data && (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack gap="lg">
              <BackupCard status={status.data} />
              <ScheduleCard settings={status.data.settings} triggers={status.data.channelTriggers} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <RestoreCard folder={status.data.settings.folder} />
          </Grid.Col>
        </Grid>
      )}
      {status.data?.channelState?.notes.map((n) => (
        <Text key={n} size="xs" c="dimmed">
          {n}
        </Text>
      ))}
    </Stack>
  );
}
