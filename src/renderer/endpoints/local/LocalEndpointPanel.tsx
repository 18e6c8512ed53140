import { Alert, Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconRefresh } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { LocalDetection } from '../../../shared/endpoints';
import { CommandBlock } from '../../components/CommandBlock';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RichMessage } from '../../components/RichMessage';
import { AddLocalForm } from './AddLocalForm';

const titles: Record<Exclude<LocalDetection['state'], 'ready'>, string> = {
  missing: 'LXD is not installed on this computer',
  'not-running': 'LXD is installed but not running',
  'no-permission': 'BCM may not use LXD on this computer yet',
};

/** "Add this computer" when LXD is ready here; otherwise what was found and the next step. */
export function LocalEndpointPanel({
  detection,
  compact = false,
}: {
  detection: UseQueryResult<LocalDetection>;
  compact?: boolean;
}) {
  const recheck = (
    <Button
      size="xs"
      variant="default"
      leftSection={<IconRefresh size={14} />}
      loading={detection.isFetching}
      onClick={() => void detection.refetch()}
    >
      Check again
    </Button>
  );

  if (detection.isPending) return <Skeleton h={compact ? 72 : 120} radius="md" />;
  if (detection.isError) {
    return (
      <ErrorAlert error={detection.error} title="Could not check for LXD on this computer">
        <Group mt="sm">{recheck}</Group>
      </ErrorAlert>
    );
  }

  const result = detection.data;
  if (result.state === 'ready') return <AddLocalForm detection={result} compact={compact} />;

  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconAlertCircle size={18} />}
      title={titles[result.state]}
      data-testid="local-detection"
    >
      <Stack gap="sm">
        <Text size="sm">
          <RichMessage text={result.message} />
        </Text>
        {result.nextStep !== undefined && (
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              Next step
            </Text>
            <CommandBlock command={result.nextStep} />
          </Stack>
        )}
        <Group>{recheck}</Group>
      </Stack>
    </Alert>
  );
}
