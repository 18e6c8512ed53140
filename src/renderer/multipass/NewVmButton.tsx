import { Button, type ButtonProps } from '@mantine/core';
import { IconDeviceDesktopPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { Endpoint } from '../../shared/endpoints';
import { NewVmModal } from './NewVmModal';

/** A button that opens the "New VM on this computer" flow. */
export function NewVmButton({
  takenNames,
  onCreated,
  onUseLocalLxd,
  label = 'New VM on this computer',
  ...props
}: { takenNames: string[]; onCreated?: (endpoint: Endpoint) => void; onUseLocalLxd?: () => void; label?: string } & Omit<ButtonProps, 'onClick' | 'children'>) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button leftSection={<IconDeviceDesktopPlus size={16} />} variant="default" {...props} onClick={() => setOpened(true)}>
        {label}
      </Button>
      <NewVmModal opened={opened} onClose={() => setOpened(false)} takenNames={takenNames} {...(onCreated ? { onCreated } : {})} {...(onUseLocalLxd ? { onUseLocalLxd } : {})} />
    </>
  );
}
