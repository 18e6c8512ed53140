import { Alert, Button, Group, Image, Paper, Stack, Text } from '@mantine/core';
import { IconDownload, IconLock } from '@tabler/icons-react';
import type { PairingExport } from '../../shared/channels/tor';
import { CopyIconButton } from '../components/CopyIconButton';
import { FingerprintInline } from '../components/Fingerprint';
import { downloadText } from '../lib/download';

const download = (fileName: string, text: string): void => downloadText(fileName, `${text}\n`, 'application/octet-stream');

/** A client's pairing bundle: QR code, the text to copy, and the file to save. Shown once. */
export function PairingBundleView({ exported }: { exported: PairingExport }) {
  const qr = `data:image/svg+xml;base64,${btoa(exported.qrSvg)}`;
  return (
    <Stack gap="md" data-testid="pairing-bundle">
      <Alert color="orange" variant="light" icon={<IconLock size={18} />} title="Treat this like a password">
        It holds the client key of <b>{exported.summary.clientName}</b>. Give it only to that device — on it, open BCM&apos;s
        Endpoints page and choose <b>Import pairing bundle</b>. BCM does not keep a copy: if it is lost, revoke the client and add it
        again.
      </Alert>
      <Group align="flex-start" gap="lg" wrap="wrap">
        <Paper withBorder p="xs" radius="md" bg="white">
          <Image src={qr} w={220} h={220} alt={`QR code of the pairing bundle for ${exported.summary.clientName}`} />
        </Paper>
        <Stack gap={6} style={{ flex: 1, minWidth: 240 }}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Onion address
          </Text>
          <Group gap={4} wrap="nowrap">
            <Text ff="monospace" size="sm" style={{ wordBreak: 'break-all' }}>
              {exported.summary.onionAddress}:{exported.summary.port}
            </Text>
            <CopyIconButton value={exported.summary.onionAddress} label="Copy onion address" />
          </Group>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} mt="xs">
            LXD certificate
          </Text>
          <FingerprintInline fingerprint={exported.summary.lxdFingerprint} />
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} mt="xs">
            Bundle
          </Text>
          <Paper withBorder radius="sm" px="sm" py={6} bg="var(--mantine-color-default-hover)">
            <Group gap="xs" wrap="nowrap" justify="space-between">
              <Text ff="monospace" size="xs" lineClamp={2} style={{ wordBreak: 'break-all' }} data-testid="pairing-bundle-text">
                {exported.bundle}
              </Text>
              <CopyIconButton value={exported.bundle} label="Copy pairing bundle" />
            </Group>
          </Paper>
          <Group mt="xs">
            <Button variant="light" leftSection={<IconDownload size={16} />} onClick={() => download(exported.fileName, exported.bundle)}>
              Save {exported.fileName}
            </Button>
          </Group>
        </Stack>
      </Group>
    </Stack>
  );
}
