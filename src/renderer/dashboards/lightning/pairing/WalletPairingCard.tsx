import { Badge, Button, Card, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconDeviceMobile, IconSettings } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'wouter';
import { ClientList } from '../../../components/onion/ClientList';
import { OnionAddress } from '../../../components/onion/OnionAddress';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { paths } from '../../../datacenters/paths';
import { formatRelative } from '../../../lib/format';
import { useRevokeWallet, useWalletPairing } from './api';
import { PairWalletModal } from './PairWalletModal';

const PERMISSION = { admin: 'admin', invoice: 'invoices only', readonly: 'read-only' } as const;
const PORT = { 'lnd-rest': 'lnd REST', 'lnd-grpc': 'lnd gRPC', 'node-rpc': 'node RPC' } as const;

/** "Pair a mobile wallet": lnd over the gateway's onion, paired wallets and their revocation. */
export function WalletPairingCard({ datacenter }: { datacenter: string }) {
  const status = useWalletPairing(datacenter);
  const revoke = useRevokeWallet(datacenter);
  const [pairing, setPairing] = useState(false);
  const data = status.data;
  return (
    <Card component="section" aria-label="Pair a mobile wallet" data-testid="wallet-pairing-card">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Group gap="xs">
              <Text fw={650}>Pair a mobile wallet</Text>
              {data?.enabled && (
                <Badge size="sm" variant="light" color={data.published ? 'teal' : 'gray'} data-testid="wallet-pairing-state">
                  {data.published ? 'Published' : 'Not published'}
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              Zeus and other lndconnect wallets reach lnd over Tor, with a key for each paired phone
            </Text>
          </div>
          {data?.enabled ? (
            <Button size="xs" leftSection={<IconDeviceMobile size={14} />} disabled={!data.ready} onClick={() => setPairing(true)}>
              Pair a wallet
            </Button>
          ) : (
            <Button size="xs" variant="light" leftSection={<IconSettings size={14} />} component={Link} href={paths.edit(datacenter)}>
              Turn on pairing
            </Button>
          )}
        </Group>
        {status.isPending && <Skeleton h={48} />}
        {status.isError && <ErrorAlert error={status.error} title="Could not read wallet pairing" />}
        {data?.enabled && data.onionAddress !== undefined && (
          <OnionAddress address={data.onionAddress} testId="wallet-onion-address">
            {data.ports.map((p) => (
              <Badge key={p.port} size="sm" variant="outline" color="gray">
                {PORT[p.what]} {p.port}
              </Badge>
            ))}
          </OnionAddress>
        )}
        {data?.message !== undefined && (
          <Text size="sm" c="dimmed" data-testid="wallet-pairing-message">
            {data.message}
          </Text>
        )}
        <ClientList
          label="Paired wallets"
          clients={(data?.wallets ?? []).map((w) => ({ name: w.name, detail: `${w.permission ? `${PERMISSION[w.permission]} · ` : ''}paired ${formatRelative(w.addedAt)}` }))}
          revokeTooltip="Its Tor key stops working: the gateway's Tor restarts (open connections drop for a few seconds)"
          pending={revoke.isPending}
          onRevoke={(wallet, settled) => revoke.mutate(wallet, { onSettled: settled })}
        />
        {revoke.isError && <ErrorAlert error={revoke.error} />}
      </Stack>
      <PairWalletModal datacenter={datacenter} opened={pairing} taken={data?.wallets.map((w) => w.name) ?? []} onClose={() => setPairing(false)} />
    </Card>
  );
}
