import { Badge, Button, Card, Group, Skeleton, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconUserMinus, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { CopyIconButton } from '../../components/CopyIconButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatRelative } from '../../lib/format';
import { AddRemoteClientModal } from './AddRemoteClientModal';
import { useRemoteAccess, useRevokeRemoteClient } from './api';

/** The datacenter's onion address and its authorised clients (remote access through the gateway's Tor). */
export function RemoteAccessCard({ name, enabled, busy }: { name: string; enabled: boolean; busy: boolean }) {
  const status = useRemoteAccess(name, enabled);
  const revoke = useRevokeRemoteClient(name);
  const [adding, setAdding] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
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
        {data?.onionAddress !== undefined && (
          <Group gap={4} wrap="nowrap">
            <Text ff="monospace" size="sm" style={{ wordBreak: 'break-all' }} data-testid="remote-onion-address">
              {data.onionAddress}:{data.port}
            </Text>
            <CopyIconButton value={data.onionAddress} label="Copy onion address" />
          </Group>
        )}
        {data?.message !== undefined && (
          <Text size="sm" c="dimmed">
            {data.message}
          </Text>
        )}
        {data !== undefined && data.clients.length > 0 && (
          <Table verticalSpacing={6} aria-label="Authorised remote clients">
            <Table.Tbody>
              {data.clients.map((c) => (
                <Table.Tr key={c.name}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {c.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      added {formatRelative(c.addedAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {confirming === c.name ? (
                      <Group gap={6} justify="flex-end" wrap="nowrap">
                        <Button size="compact-xs" variant="default" onClick={() => setConfirming(null)}>
                          Keep
                        </Button>
                        <Button size="compact-xs" color="red" loading={revoke.isPending} onClick={() => revoke.mutate(c.name, { onSettled: () => setConfirming(null) })}>
                          Revoke {c.name}
                        </Button>
                      </Group>
                    ) : (
                      <Tooltip label="Its key stops working once the gateway's Tor reloads">
                        <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconUserMinus size={14} />} disabled={busy} onClick={() => setConfirming(c.name)}>
                          Revoke
                        </Button>
                      </Tooltip>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {revoke.isError && <ErrorAlert error={revoke.error} />}
      </Stack>
      <AddRemoteClientModal datacenter={name} opened={adding} taken={data?.clients.map((c) => c.name) ?? []} onClose={() => setAdding(false)} />
    </Card>
  );
}
