import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { IconPlugConnected, IconReceipt } from '@tabler/icons-react';
import { useState } from 'react';
import type { LightningComponent } from '../../../shared/services/common';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLightningSnapshot, useServiceEvents } from '../api';
import { DashboardFrame } from '../DashboardFrame';
import { SnapshotHeader } from '../components/SnapshotHeader';
import { ConnectModal } from './ConnectModal';
import { InvoiceModal } from './InvoiceModal';
import { LightningTables } from './LightningTables';
import { LightningTiles } from './LightningTiles';
import { UnlockCard } from './UnlockCard';
import { AutoUnlockNote } from './wallet/AutoUnlockNote';
import { CreateWalletModal } from './wallet/CreateWalletModal';
import { RestoreWalletModal } from './wallet/RestoreWalletModal';
import { WalletSetupCard } from './wallet/WalletSetupCard';
import { WalletPairingCard } from './pairing/WalletPairingCard';

/** A Lightning node of a datacenter, live: health, tiles, channels, and invoice / connect / unlock. */
export function LightningDashboard({ datacenter, component }: { datacenter: string; component: LightningComponent }) {
  return (
    <DashboardFrame datacenter={datacenter} current={component}>
      {(spec) =>
        (component === 'lnd' ? spec.lightning.lnd : spec.lightning.clightning) ? (
          <LightningBody datacenter={datacenter} component={component} />
        ) : (
          <ErrorAlert
            error={new Error(`${datacenter} runs no ${component === 'lnd' ? 'LND' : 'Core Lightning'} node.`)}
            title="No such Lightning node"
          />
        )
      }
    </DashboardFrame>
  );
}

function LightningBody({ datacenter, component }: { datacenter: string; component: LightningComponent }) {
  const snapshot = useLightningSnapshot(datacenter, component);
  useServiceEvents(datacenter);
  const [dialog, setDialog] = useState<'invoice' | 'connect' | 'create' | 'restore' | null>(null);
  const data = snapshot.data;
  const ready = data?.health.state === 'synced' || data?.health.state === 'syncing';
  // lnd waits for its owner's wallet: nothing else to show or do until it exists
  const noWallet = component === 'lnd' && data?.wallet.state === 'none';
  return (
    <Stack gap="lg" data-testid="lightning-dashboard">
      <SnapshotHeader snapshot={snapshot} testId="ln" errorTitle="Could not read the Lightning node" />
      {data?.wallet.state === 'locked' && component === 'lnd' && <UnlockCard datacenter={datacenter} />}
      {noWallet && <WalletSetupCard datacenter={datacenter} onOpen={setDialog} />}
      {!noWallet && (
        <>
          <Card>
            <Group justify="space-between" wrap="wrap" gap="sm">
              <div>
                <Text fw={650}>Actions</Text>
                <Text size="sm" c="dimmed">
                  Receive a payment, or pair a mobile wallet.
                </Text>
              </div>
              <Group gap="sm">
                <Button leftSection={<IconReceipt size={16} />} onClick={() => setDialog('invoice')} disabled={!ready}>
                  Create invoice
                </Button>
                {component === 'lnd' && (
                  <Button
                    variant="default"
                    leftSection={<IconPlugConnected size={16} />}
                    onClick={() => setDialog('connect')}
                    disabled={data?.wallet.state !== 'unlocked'}
                  >
                    lndconnect URI
                  </Button>
                )}
              </Group>
            </Group>
          </Card>
          {component === 'lnd' && data?.wallet.state === 'unlocked' && <AutoUnlockNote datacenter={datacenter} />}
          {component === 'lnd' && <WalletPairingCard datacenter={datacenter} />}
          <LightningTiles snapshot={data} />
          <LightningTables snapshot={data} />
        </>
      )}
      <InvoiceModal
        datacenter={datacenter}
        component={component}
        opened={dialog === 'invoice'}
        onClose={() => setDialog(null)}
      />
      {component === 'lnd' && (
        <>
          <ConnectModal datacenter={datacenter} opened={dialog === 'connect'} onClose={() => setDialog(null)} />
          <CreateWalletModal datacenter={datacenter} opened={dialog === 'create'} onClose={() => setDialog(null)} />
          <RestoreWalletModal datacenter={datacenter} opened={dialog === 'restore'} onClose={() => setDialog(null)} />
        </>
      )}
    </Stack>
  );
}
