import { Button, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { Endpoint } from '../../shared/endpoints';
import { useEndpoints, useEndpointsSync, useLocalDetection } from '../api/use-endpoints';
import { ErrorAlert } from '../components/ErrorAlert';
import { AddRemoteModal } from './add-remote/AddRemoteModal';
import { EndpointCard } from './EndpointCard';
import { EndpointFileProblems } from './EndpointFileProblems';
import { EndpointsEmptyState } from './EndpointsEmptyState';
import { LocalEndpointPanel } from './local/LocalEndpointPanel';
import { RemoveEndpointModal } from './RemoveEndpointModal';
import { ImportPairingButton } from '../tor/ImportPairingButton';

export function EndpointsPage() {
  useEndpointsSync();
  const endpoints = useEndpoints();
  const detection = useLocalDetection();
  const [addRemoteOpen, setAddRemoteOpen] = useState(false);
  const [removing, setRemoving] = useState<Endpoint | null>(null);

  const list = endpoints.data ?? [];
  const hasLocal = list.some((e) => e.kind === 'unix');
  const showLocalPanel = endpoints.isSuccess && !hasLocal;

  return (
    <Stack gap="lg" maw={1200} mx="auto">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={2}>Endpoints</Title>
          <Text c="dimmed" size="sm" mt={4}>
            The LXD servers BCM deploys to and monitors: this computer, a home server, or a machine reached over Tor.
          </Text>
        </div>
        <Group gap="sm">
          <ImportPairingButton takenNames={list.map((e) => e.name)} />
          {list.length > 0 && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setAddRemoteOpen(true)}>
              Add remote server
            </Button>
          )}
        </Group>
      </Group>

      <EndpointFileProblems />

      {endpoints.isPending && (
        <Stack gap="md">
          <Skeleton h={180} radius="md" />
          <Skeleton h={180} radius="md" />
        </Stack>
      )}

      {endpoints.isError && (
        <ErrorAlert error={endpoints.error} title="Could not load your endpoints">
          <Group mt="sm">
            <Button size="xs" variant="light" color="red" onClick={() => void endpoints.refetch()}>
              Try again
            </Button>
          </Group>
        </ErrorAlert>
      )}

      {endpoints.isSuccess && list.length === 0 && (
        <EndpointsEmptyState detection={detection} onAddRemote={() => setAddRemoteOpen(true)} />
      )}

      {showLocalPanel && list.length > 0 && <LocalEndpointPanel detection={detection} compact />}

      {list.map((endpoint) => (
        <EndpointCard key={endpoint.name} endpoint={endpoint} onRemove={() => setRemoving(endpoint)} />
      ))}

      <AddRemoteModal
        opened={addRemoteOpen}
        onClose={() => setAddRemoteOpen(false)}
        takenNames={list.map((e) => e.name)}
      />
      <RemoveEndpointModal endpoint={removing} onClose={() => setRemoving(null)} />
    </Stack>
  );
}
