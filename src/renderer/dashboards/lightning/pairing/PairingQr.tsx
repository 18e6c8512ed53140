import { Alert, Group, Image, Paper, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { WalletPairing } from '../../../../shared/channels/wallet-pairing';
import { CopyIconButton } from '../../../components/CopyIconButton';

const svgSrc = (svg: string): string => `data:image/svg+xml;base64,${btoa(svg)}`;

function Secret({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Paper withBorder radius="sm" px="sm" py={6} bg="var(--mantine-color-default-hover)">
        <Group gap="xs" wrap="nowrap" justify="space-between">
          <Text ff="monospace" size="xs" lineClamp={3} style={{ wordBreak: 'break-all' }} data-testid={testId}>
            {value}
          </Text>
          <CopyIconButton value={value} label={`Copy ${label}`} />
        </Group>
      </Paper>
    </Stack>
  );
}

/** What a paired wallet gets, shown once: the lndconnect QR, the Tor client key QR, both to copy, and what they grant. */
export function PairingQr({ pairing }: { pairing: WalletPairing }) {
  return (
    <Stack gap="md" data-testid="wallet-pairing-result">
      <Alert color={pairing.permission === 'admin' ? 'red' : 'orange'} variant="light" icon={<IconAlertTriangle size={18} />} title="Whoever scans this can reach your node">
        From anywhere over Tor, these codes grant {pairing.grants}. Show them only to the phone you are pairing, and do not screenshot
        them. BCM keeps no copy of the client key: if it is lost or leaked, revoke <b>{pairing.wallet}</b> below and pair again.
      </Alert>
      <Group align="flex-start" gap="lg" wrap="wrap">
        <Stack gap={4} align="center">
          <Paper withBorder p="xs" radius="md" bg="white">
            <Image src={svgSrc(pairing.uriQrSvg)} w={280} h={280} alt={`lndconnect QR code for ${pairing.wallet}`} data-testid="lndconnect-qr" />
          </Paper>
          <Text size="xs" c="dimmed">
            1 · Scan in the wallet (lndconnect)
          </Text>
        </Stack>
        <Stack gap={4} align="center">
          <Paper withBorder p="xs" radius="md" bg="white">
            <Image src={svgSrc(pairing.clientAuthQrSvg)} w={160} h={160} alt={`Tor client key QR code for ${pairing.wallet}`} data-testid="client-auth-qr" />
          </Paper>
          <Text size="xs" c="dimmed">
            2 · Tor client key (Orbot, Zeus)
          </Text>
        </Stack>
      </Group>
      <Secret label="lndconnect URI" value={pairing.uri} testId="wallet-lndconnect-uri" />
      <Secret label="Tor client authorization" value={pairing.clientAuth} testId="wallet-client-auth" />
      <Text size="sm" c="dimmed">
        The wallet connects to {pairing.onionAddress}:{pairing.port} ({pairing.api === 'rest' ? 'REST' : 'gRPC'}) through Tor, and checks lnd with the
        certificate inside the URI. Its Tor needs the client key first: in Orbot, or in the wallet&apos;s own Tor settings, add it for this onion
        address.
      </Text>
    </Stack>
  );
}
