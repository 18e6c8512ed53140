import { Button } from '@mantine/core';
import { IconQrcode } from '@tabler/icons-react';
import { useState } from 'react';
import { ImportPairingModal } from './ImportPairingModal';

/** "Import pairing bundle" on the Endpoints page: adds an onion endpoint from a server's bundle. */
export function ImportPairingButton({ takenNames, variant = 'default' }: { takenNames: string[]; variant?: 'default' | 'light' | 'filled' }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant={variant} leftSection={<IconQrcode size={16} />} onClick={() => setOpen(true)}>
        Import pairing bundle
      </Button>
      <ImportPairingModal opened={open} onClose={() => setOpen(false)} takenNames={takenNames} />
    </>
  );
}
