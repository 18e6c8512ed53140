import { Badge, Button, Card, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useState } from 'react';
import type { AppOnionStatus } from '../../../shared/channels/app-onions';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ClientList } from '../../components/onion/ClientList';
import { OnionAddress } from '../../components/onion/OnionAddress';
import { formatRelative } from '../../lib/format';
import { useAppOnions, useRevokeAppOnionClient } from './api';
import { ClientKeyModal } from './ClientKeyModal';

function OnionBlock({ datacenter, onion, busy, onMakeKey }: { datacenter: string; onion: AppOnionStatus; busy: boolean; onMakeKey: () => void }) {
  const revoke = useRevokeAppOnionClient(datacenter);
  const id = `${onion.container}-${onion.port}`;
  return (
    <Stack gap={6} data-testid={`app-onion-${id}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Group gap="xs">
            <Text fw={600} size="sm">
              {onion.appTitle} · port {onion.port}
            </Text>
            <Badge size="sm" variant="light" color={onion.published ? 'teal' : 'gray'} data-testid="app-onion-state">
              {onion.published ? 'Published' : 'Not published'}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            {onion.description}
          </Text>
        </div>
        <Button size="xs" variant="light" leftSection={<IconKey size={14} />} disabled={busy || !onion.ready} onClick={onMakeKey}>
          Make a client key
        </Button>
      </Group>
      {onion.onionAddress !== undefined && <OnionAddress address={onion.onionAddress} port={onion.port} testId="app-onion-address" />}
      {onion.message !== undefined && (
        <Text size="sm" c="dimmed" data-testid="app-onion-message">
          {onion.message}
        </Text>
      )}
      <ClientList
        label={`Clients of ${onion.appTitle} port ${onion.port}`}
        clients={onion.clients.map((c) => ({ name: c.name, detail: `key made ${formatRelative(c.addedAt)}` }))}
        revokeTooltip="Its key stops working: the gateway's Tor restarts (open connections drop for a few seconds)"
        pending={revoke.isPending}
        disabled={busy}
        onRevoke={(client, settled) => revoke.mutate({ container: onion.container, port: onion.port, client }, { onSettled: settled })}
      />
      {revoke.isError && <ErrorAlert error={revoke.error} />}
    </Stack>
  );
}

/** The apps' ports published over onion from the gateway, with their client keys. Nothing when none is published. */
export function AppOnionsCard({ name, published, busy }: { name: string; published: boolean; busy: boolean }) {
  const status = useAppOnions(name, published);
  const [making, setMaking] = useState<AppOnionStatus | null>(null);
  if (!published) return null;
  return (
    <Card component="section" aria-label="App onion services" mt="lg" data-testid="app-onions-card">
      <Stack gap="md">
        <div>
          <Text fw={650}>App onion services</Text>
          <Text size="xs" c="dimmed">
            Apps&apos; ports published by the gateway&apos;s Tor, for clients with a key only
          </Text>
        </div>
        {status.isPending && <Skeleton h={60} />}
        {status.isError && <ErrorAlert error={status.error} title="Could not read the app onion services" />}
        {(status.data ?? []).map((o) => (
          <OnionBlock key={`${o.container}-${o.port}`} datacenter={name} onion={o} busy={busy} onMakeKey={() => setMaking(o)} />
        ))}
      </Stack>
      <ClientKeyModal datacenter={name} onion={making} onClose={() => setMaking(null)} />
    </Card>
  );
}
