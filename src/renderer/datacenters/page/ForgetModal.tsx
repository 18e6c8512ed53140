import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useLocation } from 'wouter';
import { useForget } from '../../api/use-datacenters';
import { ErrorAlert } from '../../components/ErrorAlert';
import { paths } from '../paths';

/** Forget: deletes the saved settings of a datacenter that is not deployed. */
export function ForgetModal({ name, opened, onClose }: { name: string; opened: boolean; onClose: () => void }) {
  const forget = useForget();
  const [, navigate] = useLocation();
  return (
    <Modal opened={opened} onClose={onClose} title={`Forget ${name}?`}>
      <Stack gap="md">
        <Text size="sm">
          This removes the saved settings of <b>{name}</b> from BCM, and its keys in ~/.bcm/secrets (onion addresses and paired clients, service credentials, a remembered wallet password). Nothing is deployed, so nothing changes in LXD.
        </Text>
        {forget.isError && <ErrorAlert error={forget.error} title="Could not forget it" />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={forget.isPending}
            onClick={() => forget.mutate(name, { onSuccess: () => navigate(paths.list) })}
          >
            Forget
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
