import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconDeviceDesktop, IconRefresh } from '@tabler/icons-react';
import type { MultipassDetection } from '../../shared/channels/multipass';
import { CommandBlock } from '../components/CommandBlock';
import { RichMessage } from '../components/RichMessage';

const titles: Record<Exclude<MultipassDetection['state'], 'ready'>, string> = {
  missing: 'Multipass is not installed',
  'daemon-down': 'The multipass service is not running',
  'no-virtualization': 'No hardware virtualisation on this computer',
  broken: 'Multipass does not work',
};

const osName = (platform: string): string => (platform === 'darwin' ? 'macOS' : platform === 'win32' ? 'Windows' : 'Linux');

/** Why no VM can be made here, what to run about it, and the local-LXD way round. */
export function MultipassUnavailable({
  detection,
  rechecking,
  onRecheck,
  onUseLocalLxd,
}: {
  detection: MultipassDetection;
  rechecking: boolean;
  onRecheck: () => void;
  onUseLocalLxd?: (() => void) | undefined;
}) {
  if (detection.state === 'ready') return null;
  const color = detection.state === 'no-virtualization' ? 'orange' : 'yellow';
  const command = detection.state === 'missing' ? detection.installCommand : /`([^`]+)`/.exec(detection.nextStep ?? '')?.[1];
  return (
    <Alert color={color} variant="light" icon={<IconAlertCircle size={18} />} title={titles[detection.state]} data-testid="multipass-unavailable" data-state={detection.state}>
      <Stack gap="sm">
        <Text size="sm">
          <RichMessage text={detection.message} />
        </Text>
        {detection.nextStep !== undefined && detection.state !== 'daemon-down' && (
          <Text size="sm">
            <RichMessage text={detection.nextStep} />
          </Text>
        )}
        {command !== undefined && (
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              {detection.state === 'missing' ? `Install it (${osName(detection.platform)})` : 'Start it'}
            </Text>
            <CommandBlock command={command} />
          </Stack>
        )}
        {detection.installUrl !== undefined && detection.platform !== 'linux' && (
          <Text size="sm">
            Or use the installer from{' '}
            <Anchor href={detection.installUrl} target="_blank" rel="noreferrer">
              {detection.installUrl.replace(/^https:\/\//, '')}
            </Anchor>
            .
          </Text>
        )}
        {detection.offerLocalLxd && (
          <Text size="sm" c="dimmed">
            Without a VM, BCM can deploy straight to this computer’s LXD: the datacenter still lives in its own containers and LXD project.
          </Text>
        )}
        <Group gap="sm">
          <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} loading={rechecking} onClick={onRecheck}>
            Check again
          </Button>
          {detection.offerLocalLxd && onUseLocalLxd && (
            <Button size="xs" variant="light" leftSection={<IconDeviceDesktop size={14} />} onClick={onUseLocalLxd}>
              Use this computer’s LXD instead
            </Button>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
