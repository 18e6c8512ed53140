import { Badge, Button, Card, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ClientList } from '../../components/onion/ClientList';
import { OnionAddress } from '../../components/onion/OnionAddress';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatRelative } from '../../lib/format';
import { AddRemoteClientModal } from './AddRemoteClientModal';
import { useRemoteAccess, useRevokeRemoteClient } from './api';

/** The datacenter's onion address and its authorised clients (remote access through the gateway's Tor). */
export function RemoteAccessCard({ name, enabled, busy }: { name: string; enabled: boolean; busy: boolean }) {
  const status = useRemoteAccess(name, enabled);
  const revoke = useRevokeRemoteClient(name);
  const [adding, setAdding] = useState(false);
  if (!enabled) return null;
  const data = status.data;
  const canAdd = data?.ready === true;
  return (
    <Card component="section" aria-label="Remote access" mt="lg">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Group gap="xs">
              <Text fw={650}>Remote access</Text>
              {data !== undefined && (
                <Badge size="sm" variant="light" color={data.published ? 'teal' : 'gray'} data-testid="remote-access-state">
                  {data.published ? 'Published' : 'Not published'}
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              This server&apos;s LXD API as an onion service, for authorised devices only
            </Text>
          </div>
          <Button size="xs" variant="light" leftSection={<IconUserPlus size={14} />} disabled={busy || !canAdd} onClick={() => setAdding(true)}>
            Add client
          </Button>
        </Group>
        {status.isPending && <Skeleton h={60} />}
        {status.isError && <ErrorAlert error={status.error} title="Could not read remote access" />}
        {data?.onionAddress !== undefined && <OnionAddress address={data.onionAddress} port={data.port} testId="remote-onion-address" />}
        {data?.message !== undefined && (
          <Text size="sm" c="dimmed">
            {data.message}
          </Text>
        )}
        <ClientList
          label="Authorised remote clients"
          clients={(data?.clients ?? []).map((c) => ({ name: c.name, detail: `added ${formatRelative(c.addedAt)}` }))}
          revokeTooltip="Its key stops working once the gateway's Tor reloads"
          pending={revoke.isPending}
          disabled={busy}
          onRevoke={(client, settled) => revoke.mutate(client, { onSettled: settled })}
        />
        {revoke.isError && <ErrorAlert error={revoke.error} />}
      </Stack>
      <AddRemoteClientModal datacenter={name} opened={adding} taken={data?.clients.map((c) => c.name) ?? []} onClose={() => setAdding(false)} />
    </Card>
  );
}
