import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { PairingExport } from '../../../shared/channels/tor';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PairingBundleView } from '../../tor/PairingBundleView';
import { useAddRemoteClient } from './api';

const NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Authorise a device on the datacenter's onion service, then show its pairing bundle once. */
export function AddRemoteClientModal({ datacenter, opened, taken, onClose }: { datacenter: string; opened: boolean; taken: string[]; onClose: () => void }) {
  const [name, setName] = useState('');
  const [exported, setExported] = useState<PairingExport | null>(null);
  const add = useAddRemoteClient(datacenter);
  const close = () => {
    setName('');
    setExported(null);
    add.reset();
    onClose();
  };
  const problem =
    name === ''
      ? undefined
      : !NAME.test(name) || name.length > 32
        ? 'Lower-case letters, digits and inner dashes; at most 32 characters'
        : taken.includes(name)
          ? 'A client with this name is already authorised'
          : undefined;
  return (
    <Modal opened={opened} onClose={close} size={exported ? 'xl' : 'md'} title={<Text fw={650} size="lg">{exported ? 'Pairing bundle' : 'Add a remote client'}</Text>}>
      {exported ? (
        <Stack>
          <PairingBundleView exported={exported} />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name !== '' && !problem) add.mutate(name, { onSuccess: setExported });
          }}
        >
          <Stack>
            <Text size="sm" c="dimmed">
              A client is one device allowed to reach this server&apos;s LXD through the gateway&apos;s onion service. The gateway keeps the
              public half of a new key pair; the device gets the private half, the LXD fingerprint and a one-time trust token in a pairing
              bundle.
            </Text>
            <TextInput
              label="Client name"
              description="For you to recognise it later, e.g. laptop"
              placeholder="laptop"
              value={name}
              onChange={(e) => setName(e.currentTarget.value.trim().toLowerCase())}
              error={problem}
              data-autofocus
            />
            {add.isError && <ErrorAlert error={add.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={add.isPending} disabled={name === '' || problem !== undefined}>
                Authorise and make the bundle
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
