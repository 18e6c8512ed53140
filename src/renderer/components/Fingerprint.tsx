import { Group, Paper, Stack, Text } from '@mantine/core';
import { fingerprintLines, groupFingerprint } from '../lib/fingerprint';
import { CopyIconButton } from './CopyIconButton';

/** A SHA-256 fingerprint in groups of four, on two lines, with a copy button (copies plain hex). */
export function FingerprintBlock({ fingerprint, size = 'md' }: { fingerprint: string; size?: 'sm' | 'md' }) {
  return (
    <Paper withBorder radius="md" px="md" py="sm" bg="var(--mantine-color-default-hover)">
      <Group justify="space-between" wrap="nowrap" align="center">
        <Stack gap={2} aria-label={`Fingerprint ${groupFingerprint(fingerprint)}`} data-testid="fingerprint">
          {fingerprintLines(fingerprint).map((line) => (
            <Text key={line} ff="monospace" size={size} fw={500} style={{ letterSpacing: '0.04em' }}>
              {line}
            </Text>
          ))}
        </Stack>
        <CopyIconButton value={fingerprint} label="Copy fingerprint" />
      </Group>
    </Paper>
  );
}

/** One-line grouped fingerprint for compact places. */
export function FingerprintInline({ fingerprint }: { fingerprint: string }) {
  return (
    <Group gap={4} wrap="nowrap" miw={0}>
      <Text ff="monospace" size="xs" c="dimmed" truncate="end" miw={0} title={groupFingerprint(fingerprint)}>
        {groupFingerprint(fingerprint)}
      </Text>
      <CopyIconButton value={fingerprint} label="Copy fingerprint" />
    </Group>
  );
}
