import { Button, Code, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { VmRecord } from '../../shared/channels/multipass';
import { useDatacenters } from '../api/use-datacenters';
import { ErrorAlert } from '../components/ErrorAlert';
import { useDeleteVm } from './api';

/** Deleting a VM loses everything in it: the name must be typed. */
export function DeleteVmModal({ vm, opened, onClose }: { vm: VmRecord; opened: boolean; onClose: () => void }) {
  const remove = useDeleteVm();
  const [typed, setTyped] = useState('');
  const datacenters = useDatacenters();
  const onIt = (datacenters.data ?? []).filter((d) => vm.endpoint !== null && d.endpoint === vm.endpoint).map((d) => d.name);
  const close = () => {
    setTyped('');
    remove.reset();
    onClose();
  };
  const confirm = () =>
    remove.mutate(vm.name, {
      onSuccess: ({ endpointRemoved }) => {
        notifications.show({ color: 'teal', title: 'VM deleted', message: `${vm.name} was deleted${endpointRemoved ? ' and its endpoint removed' : ''}.` });
        close();
      },
    });

  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>Delete the VM “{vm.name}”?</Text>} size="md" closeOnClickOutside={!remove.isPending}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (typed === vm.name) confirm();
        }}
      >
        <Stack gap="md">
          <List size="sm" spacing={4}>
            <List.Item>
              The VM and its disk are deleted for good (<Code>multipass delete --purge</Code>), with every container and all data in it.
            </List.Item>
            <List.Item>The endpoint {vm.endpoint ? `“${vm.endpoint}” ` : ''}is removed from BCM, and the VM’s files from ~/.bcm/runtime.</List.Item>
            {onIt.length > 0 && (
              <List.Item data-testid="vm-datacenters">
                Datacenters on this VM: <b>{onIt.join(', ')}</b>. Their containers go with it; their settings stay in ~/.bcm until you forget
                them on the Datacenters page.
              </List.Item>
            )}
            <List.Item>Back up anything that matters first (Backup page).</List.Item>
          </List>
          <TextInput label={`Type ${vm.name} to confirm`} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} data-autofocus autoComplete="off" spellCheck={false} />
          {remove.isError && <ErrorAlert error={remove.error} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={remove.isPending}>
              Cancel
            </Button>
            <Button type="submit" color="red" disabled={typed !== vm.name} loading={remove.isPending}>
              Delete VM
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
