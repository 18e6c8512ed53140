import { Button, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { onionClientNameSchema } from '../../../../shared/channels/tor';
import { permissionGrants, type MacaroonPermission } from '../../../../shared/services/lndconnect';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { usePairWallet } from './api';
import { PairingQr } from './PairingQr';

/** Name the wallet and choose what it may do; then its QR codes, shown once. */
export function PairWalletModal({ datacenter, opened, taken, onClose }: { datacenter: string; opened: boolean; taken: string[]; onClose: () => void }) {
  const pair = usePairWallet(datacenter);
  const [name, setName] = useState('phone');
  const [permission, setPermission] = useState<MacaroonPermission>('invoice');
  const [api, setApi] = useState<'rest' | 'grpc'>('rest');
  const parsed = onionClientNameSchema.safeParse(name);
  const nameError = !parsed.success ? parsed.error.issues[0]?.message : taken.includes(parsed.data) ? 'A wallet with this name is paired already' : undefined;
  const close = () => {
    pair.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Pair a mobile wallet" size="lg">
      {pair.data ? (
        <Stack>
          <PairingQr pairing={pair.data} />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (parsed.success && !nameError) pair.mutate({ wallet: parsed.data, permission, api });
          }}
        >
          <Stack>
            <Text size="sm" c="dimmed">
              The wallet gets its own Tor client key, so you can revoke it alone. It reaches lnd at the datacenter&apos;s onion address; nothing is
              opened on your network.
            </Text>
            <TextInput label="Wallet name" description="Lower-case letters, digits and dashes" value={name} onChange={(e) => setName(e.currentTarget.value)} error={nameError} data-autofocus />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Permission
              </Text>
              <SegmentedControl
                value={permission}
                onChange={(v) => setPermission(v as MacaroonPermission)}
                data={[
                  { value: 'invoice', label: 'Invoices only' },
                  { value: 'readonly', label: 'Read-only' },
                  { value: 'admin', label: 'Admin (can spend)' },
                ]}
                aria-label="Permission"
              />
              <Text size="xs" c={permission === 'admin' ? 'red' : 'dimmed'}>
                Grants {permissionGrants(permission)}.
              </Text>
            </Stack>
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Connection
              </Text>
              <SegmentedControl
                value={api}
                onChange={(v) => setApi(v === 'grpc' ? 'grpc' : 'rest')}
                data={[
                  { value: 'rest', label: 'REST (Zeus, most wallets)' },
                  { value: 'grpc', label: 'gRPC' },
                ]}
                aria-label="Connection"
              />
            </Stack>
            {pair.error && <ErrorAlert error={pair.error} title="Could not pair the wallet" />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={pair.isPending} disabled={nameError !== undefined}>
                Pair and show QR
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
