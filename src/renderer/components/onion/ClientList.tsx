import { Table, Text } from '@mantine/core';
import { RevokeButton } from './RevokeButton';

export interface ListedClient {
  name: string;
  /** the line under the name, e.g. "added 3 minutes ago" */
  detail: string;
}

/** The clients authorised on an onion service, each with its Revoke. Nothing when there is none. */
export function ClientList({
  label,
  clients,
  revokeTooltip,
  pending,
  disabled,
  onRevoke,
}: {
  label: string;
  clients: readonly ListedClient[];
  revokeTooltip: string;
  pending: boolean;
  disabled?: boolean;
  onRevoke: (name: string, settled: () => void) => void;
}) {
  if (clients.length === 0) return null;
  return (
    <Table verticalSpacing={6} aria-label={label}>
      <Table.Tbody>
        {clients.map((c) => (
          <Table.Tr key={c.name}>
            <Table.Td>
              <Text size="sm" fw={500}>
                {c.name}
              </Text>
              <Text size="xs" c="dimmed">
                {c.detail}
              </Text>
            </Table.Td>
            <Table.Td ta="right">
              <RevokeButton name={c.name} tooltip={revokeTooltip} pending={pending} {...(disabled !== undefined ? { disabled } : {})} onRevoke={(settled) => onRevoke(c.name, settled)} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
