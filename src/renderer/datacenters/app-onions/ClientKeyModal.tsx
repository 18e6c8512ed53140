import { Alert, Group, Stack } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { AppOnionClientKey, AppOnionStatus } from '../../../shared/channels/app-onions';
import { QrCode } from '../../components/onion/QrCode';
import { SecretText } from '../../components/onion/SecretText';
import { AuthoriseClientModal } from '../../tor/AuthoriseClientModal';
import { useAddAppOnionClient } from './api';

/** A client's key for an app onion, shown once: QR code and text, with what it grants. */
function ClientKeyView({ appTitle, made }: { appTitle: string; made: AppOnionClientKey }) {
  return (
    <Stack data-testid="app-onion-key">
      <Alert color="orange" variant="light" icon={<IconLock size={18} />} title="Treat this like a password">
        Whoever holds this key can reach {appTitle} at {made.onionAddress}:{made.port} from anywhere over Tor. Add it to that client&apos;s Tor (Orbot, or a
        ClientOnionAuthDir) and nowhere else. BCM keeps no copy: if it is lost or leaked, revoke <b>{made.client}</b> and make another.
      </Alert>
      <Group align="flex-start" gap="lg" wrap="wrap">
        <QrCode svg={made.clientAuthQrSvg} size={200} alt={`Tor client key QR code for ${made.client}`} caption="Tor client key (Orbot)" testId="app-onion-key-qr" />
        <Stack gap="sm" style={{ flex: 1, minWidth: 240 }}>
          <SecretText label="Onion address" value={`${made.onionAddress}:${made.port}`} testId="app-onion-key-address" />
          <SecretText label="Tor client authorization" value={made.clientAuth} testId="app-onion-key-text" />
        </Stack>
      </Group>
    </Stack>
  );
}

/** Name a client, make its key on the gateway, then show the key once. */
export function ClientKeyModal({ datacenter, onion, onClose }: { datacenter: string; onion: AppOnionStatus | null; onClose: () => void }) {
  const add = useAddAppOnionClient(datacenter);
  const appTitle = onion?.appTitle ?? '';
  return (
    <AuthoriseClientModal<AppOnionClientKey>
      opened={onion !== null}
      title={`A client key for ${appTitle}`}
      intro="Each client gets its own Tor key, so you can revoke it alone. The gateway keeps only the public half; the private half is shown once."
      taken={onion?.clients.map((c) => c.name) ?? []}
      mutation={{ ...add, authorise: (client, onSuccess) => add.mutate({ container: onion?.container ?? '', port: onion?.port ?? 0, client }, { onSuccess }) }}
      shown={{ title: 'Client key', submit: 'Make the key', render: (made) => <ClientKeyView appTitle={appTitle} made={made} /> }}
      onClose={onClose}
    />
  );
}
