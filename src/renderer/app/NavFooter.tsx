import { Stack, Text, Tooltip } from '@mantine/core';
import { useAppInfo } from '../api/use-endpoints';

/** Version, transport and where ~/.bcm lives, at the bottom of the navbar. */
export function NavFooter() {
  const info = useAppInfo();
  if (!info.data) return null;
  const transport = info.data.transport === 'electron' ? 'desktop app' : info.data.transport.replace('-', ' ');
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        BCM {info.data.version} · {transport}
      </Text>
      <Tooltip label="Where BCM keeps its configuration and secrets" position="top-start">
        <Text size="xs" c="dimmed" ff="monospace" truncate="end">
          {info.data.bcmHome}
        </Text>
      </Tooltip>
    </Stack>
  );
}
