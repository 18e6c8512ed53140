import { Button, Group, Text } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useConnectionStore } from '../boot/connection-store';

export const BANNER_HEIGHT = 44;

/** Full-width bar shown when the browser host's WebSocket is gone. */
export function ConnectionBanner() {
  const state = useConnectionStore((s) => s.state);
  if (state !== 'lost' && state !== 'failed' && state !== 'link-used') return null;
  const text =
    state === 'lost'
      ? 'Lost connection to the BCM host — it reconnects by itself when the host is back.'
      : state === 'link-used'
        ? 'This link was already used: each link opens BCM once. Press Enter in the terminal where BCM runs for a new one.'
        : 'Could not connect to the BCM host. If you restarted it, open the new link it printed (npm run host).';
  return (
    <Group
      role="alert"
      h={BANNER_HEIGHT}
      px="md"
      gap="sm"
      justify="center"
      wrap="nowrap"
      bg="red.7"
      c="white"
      data-testid="connection-banner"
    >
      <IconPlugConnectedX size={18} stroke={1.8} />
      <Text size="sm" fw={500} truncate>
        {text}
      </Text>
      {state !== 'link-used' && (
        <Button size="compact-sm" variant="white" color="red" onClick={() => window.location.reload()}>
          Reload
        </Button>
      )}
    </Group>
  );
}

export function useBannerVisible(): boolean {
  const state = useConnectionStore((s) => s.state);
  return state === 'lost' || state === 'failed' || state === 'link-used';
}
