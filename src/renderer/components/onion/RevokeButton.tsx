import { Button, Group, Tooltip } from '@mantine/core';
import { IconUserMinus } from '@tabler/icons-react';
import { useState } from 'react';

/**
 * Revoke one authorised client, asked twice: "Revoke", then "Keep" or "Revoke <name>". `onRevoke`
 * gets a callback to call once the revocation settled (success or not).
 */
export function RevokeButton({ name, tooltip, pending, disabled, onRevoke }: { name: string; tooltip: string; pending: boolean; disabled?: boolean; onRevoke: (settled: () => void) => void }) {
  const [confirming, setConfirming] = useState(false);
  if (confirming) {
    return (
      <Group gap={6} justify="flex-end" wrap="nowrap">
        <Button size="compact-xs" variant="default" onClick={() => setConfirming(false)}>
          Keep
        </Button>
        <Button size="compact-xs" color="red" loading={pending} onClick={() => onRevoke(() => setConfirming(false))}>
          Revoke {name}
        </Button>
      </Group>
    );
  }
  return (
    <Tooltip label={tooltip}>
      <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconUserMinus size={14} />} disabled={disabled} onClick={() => setConfirming(true)}>
        Revoke
      </Button>
    </Tooltip>
  );
}
