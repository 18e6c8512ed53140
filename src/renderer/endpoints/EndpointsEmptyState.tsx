import { Button, Card, EmptyState, Stack } from '@mantine/core';
import { IconServer2, IconWorld } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { LocalDetection } from '../../shared/endpoints';
import { LocalEndpointPanel } from './local/LocalEndpointPanel';

/** First run: no endpoint yet. Offers this computer (when LXD is here) and a remote server. */
export function EndpointsEmptyState({
  detection,
  onAddRemote,
}: {
  detection: UseQueryResult<LocalDetection>;
  onAddRemote: () => void;
}) {
  return (
    <Card padding="xl">
      <Stack gap="xl" align="center">
        <EmptyState
          icon={<IconServer2 size={30} stroke={1.5} />}
          variant="light"
          size="lg"
          title="Connect BCM to an LXD server"
          description="BCM runs your Bitcoin datacenter in LXD containers. Start with this computer, or connect a home server that runs LXD."
          maw={560}
        />
        <Stack w="100%" maw={640} gap="md">
          <LocalEndpointPanel detection={detection} />
          <Button
            variant="default"
            size="md"
            leftSection={<IconWorld size={18} stroke={1.6} />}
            onClick={onAddRemote}
            fullWidth
          >
            Add remote server
          </Button>
        </Stack>
      </Stack>
    </Card>
  );
}
