import { Alert, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { WalletPairing } from '../../../../shared/channels/wallet-pairing';
import { QrCode } from '../../../components/onion/QrCode';
import { SecretText } from '../../../components/onion/SecretText';

/** What a paired wallet gets, shown once: the lndconnect QR, the Tor client key QR, both to copy, and what they grant. */
export function PairingQr({ pairing }: { pairing: WalletPairing }) {
  return (
    <Stack gap="md" data-testid="wallet-pairing-result">
      <Alert color={pairing.permission === 'admin' ? 'red' : 'orange'} variant="light" icon={<IconAlertTriangle size={18} />} title="Whoever scans this can reach your node">
        From anywhere over Tor, these codes grant {pairing.grants}. Show them only to the phone you are pairing, and do not screenshot
        them. BCM keeps no copy of the client key: if it is lost or leaked, revoke <b>{pairing.wallet}</b> below and pair again.
      </Alert>
      <Group align="flex-start" gap="lg" wrap="wrap">
        <QrCode svg={pairing.uriQrSvg} size={280} alt={`lndconnect QR code for ${pairing.wallet}`} caption="1 · Scan in the wallet (lndconnect)" testId="lndconnect-qr" />
        <QrCode svg={pairing.clientAuthQrSvg} size={160} alt={`Tor client key QR code for ${pairing.wallet}`} caption="2 · Tor client key (Orbot, Zeus)" testId="client-auth-qr" />
      </Group>
      <SecretText label="lndconnect URI" value={pairing.uri} testId="wallet-lndconnect-uri" />
      <SecretText label="Tor client authorization" value={pairing.clientAuth} testId="wallet-client-auth" />
      <Text size="sm" c="dimmed">
        The wallet connects to {pairing.onionAddress}:{pairing.port} ({pairing.api === 'rest' ? 'REST' : 'gRPC'}) through Tor, and checks lnd with the
        certificate inside the URI. Its Tor needs the client key first: in Orbot, or in the wallet&apos;s own Tor settings, add it for this onion
        address.
      </Text>
    </Stack>
  );
}
