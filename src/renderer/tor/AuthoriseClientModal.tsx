import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { PairingExport } from '../../shared/channels/tor';
import { ErrorAlert } from '../components/ErrorAlert';
import { clientNameProblem } from './client-name';
import { PairingBundleView } from './PairingBundleView';

/** The mutation that authorises a client and returns its pairing bundle (a react-query mutation fits). */
export interface AuthoriseMutation {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  reset(): void;
  authorise(name: string, onSuccess: (exported: PairingExport) => void): void;
}

/**
 * Authorise one device on an onion service (the app's own, or a datacenter gateway's), then show
 * its pairing bundle once: the private key exists only in that bundle.
 */
export function AuthoriseClientModal({
  opened,
  title,
  intro,
  taken,
  mutation,
  onClose,
}: {
  opened: boolean;
  title: string;
  intro: ReactNode;
  taken: string[];
  mutation: AuthoriseMutation;
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [exported, setExported] = useState<PairingExport | null>(null);
  const close = () => {
    setName('');
    setExported(null);
    mutation.reset();
    onClose();
  };
  const problem = clientNameProblem(name, taken);
  return (
    <Modal opened={opened} onClose={close} size={exported ? 'xl' : 'md'} title={<Text fw={650} size="lg">{exported ? 'Pairing bundle' : title}</Text>}>
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
            if (name !== '' && !problem) mutation.authorise(name, setExported);
          }}
        >
          <Stack>
            <Text size="sm" c="dimmed">
              {intro}
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
            {mutation.isError && <ErrorAlert error={mutation.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={mutation.isPending} disabled={name === '' || problem !== undefined}>
                Authorise and make the bundle
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
