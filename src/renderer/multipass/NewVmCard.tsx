import { Group, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconDeviceDesktopPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { VM_DEFAULTS } from '../../shared/channels/multipass';
import type { Endpoint } from '../../shared/endpoints';
import classes from './NewVmCard.module.css';
import { NewVmModal } from './NewVmModal';

/** A choice beside the endpoints (the wizard's Where step): make a VM here and use it. */
export function NewVmCard({ takenNames, onCreated, onUseLocalLxd }: { takenNames: string[]; onCreated: (endpoint: Endpoint) => void; onUseLocalLxd?: () => void }) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <UnstyledButton className={classes.card} onClick={() => setOpened(true)} data-testid="new-vm-option" aria-label="New VM on this computer">
        <Group wrap="nowrap" align="flex-start" gap="md">
          <ThemeIcon size={40} radius="md" variant="light" color="grape">
            <IconDeviceDesktopPlus size={22} stroke={1.6} />
          </ThemeIcon>
          <div>
            <Text fw={650}>New VM on this computer</Text>
            <Text size="sm" c="dimmed">
              An isolated multipass VM ({VM_DEFAULTS.cpus} vCPUs, {VM_DEFAULTS.memoryGiB} GiB, {VM_DEFAULTS.diskGiB} GiB, Ubuntu LTS) with LXD set up
              inside; it becomes an endpoint.
            </Text>
          </div>
        </Group>
      </UnstyledButton>
      <NewVmModal
        opened={opened}
        onClose={() => setOpened(false)}
        takenNames={takenNames}
        onCreated={onCreated}
        {...(onUseLocalLxd ? { onUseLocalLxd } : {})}
      />
    </>
  );
}
