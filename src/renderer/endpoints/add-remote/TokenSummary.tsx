import { Badge, Group, Paper, Radio, Stack, Text } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import type { TrustToken } from '../../../shared/trust-token';
import { formatDate, formatExpiry } from '../../lib/format';
import { shortFingerprint } from '../../lib/fingerprint';

/** What a pasted trust token says: the server's addresses, its certificate, when it expires. */
export function TokenSummary({
  token,
  expired,
  selected,
  onSelect,
}: {
  token: TrustToken;
  expired: boolean;
  selected: string | null;
  onSelect: (address: string) => void;
}) {
  return (
    <Paper withBorder radius="md" p="md" data-testid="token-summary">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <IconKey size={18} stroke={1.6} />
            <Text fw={600} size="sm">
              Trust token{token.clientName ? ` for “${token.clientName}”` : ''}
            </Text>
          </Group>
          {token.expiresAt === undefined ? (
            <Badge variant="light" color="gray">
              Never expires
            </Badge>
          ) : (
            <Badge variant="light" color={expired ? 'red' : 'teal'} title={formatDate(token.expiresAt)}>
              {formatExpiry(token.expiresAt)}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          Server certificate{' '}
          <Text span ff="monospace" size="sm">
            {shortFingerprint(token.fingerprint, 16)}
          </Text>{' '}
          — BCM checks that the server presents exactly this one.
        </Text>
        {token.addresses.length === 1 ? (
          <Text size="sm">
            Address:{' '}
            <Text span ff="monospace" size="sm">
              {token.addresses[0]}
            </Text>
          </Text>
        ) : (
          <Radio.Group label="Connect through" value={selected ?? ''} onChange={onSelect}>
            <Stack gap={6} mt={6}>
              {token.addresses.map((a) => (
                <Radio
                  key={a}
                  value={a}
                  label={
                    <Text ff="monospace" size="sm">
                      {a}
                    </Text>
                  }
                />
              ))}
            </Stack>
          </Radio.Group>
        )}
      </Stack>
    </Paper>
  );
}
