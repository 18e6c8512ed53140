import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { PairingExport } from '../../shared/channels/tor';
import { ErrorAlert } from '../components/ErrorAlert';
import { useAddClient } from './api';
import { PairingBundleView } from './PairingBundleView';

const NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Authorise a new client of an onion service, then show its pairing bundle once. */
export function AddClientModal({ service, taken, onClose }: { service: string | null; taken: string[]; onClose: () => void }) {
  const [name, setName] = useState('');
  const [exported, setExported] = useState<PairingExport | null>(null);
  const add = useAddClient();
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
  const submit = () => {
    if (name === '' || problem) return;
    add.mutate({ service: service ?? '', client: name }, { onSuccess: setExported });
  };

  return (
    <Modal opened={service !== null} onClose={close} size={exported ? 'xl' : 'md'} title={<Text fw={650} size="lg">{exported ? 'Pairing bundle' : 'Add a client'}</Text>}>
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
            submit();
          }}
        >
          <Stack>
            <Text size="sm" c="dimmed">
              A client is one device (a laptop, a phone) allowed to reach this onion service. BCM makes a key pair: the service
              keeps the public half, the device gets the private half in a pairing bundle.
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
