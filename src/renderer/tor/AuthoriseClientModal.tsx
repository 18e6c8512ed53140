import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { PairingExport } from '../../shared/channels/tor';
import { ErrorAlert } from '../components/ErrorAlert';
import { clientNameProblem } from './client-name';
import { PairingBundleView } from './PairingBundleView';

/** The mutation that authorises a client and returns what it is given (a react-query mutation fits). */
export interface AuthoriseMutation<R = PairingExport> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  reset(): void;
  authorise(name: string, onSuccess: (result: R) => void): void;
}

/**
 * Authorise one device on an onion service (the app's own, or a datacenter gateway's), then show
 * its pairing bundle once: the private key exists only in that bundle.
 */
export function AuthoriseClientModal<R = PairingExport>({
  opened,
  title,
  intro,
  taken,
  mutation,
  onClose,
  shown = { title: 'Pairing bundle', submit: 'Authorise and make the bundle', render: (r) => <PairingBundleView exported={r as PairingExport} /> },
}: {
  opened: boolean;
  title: string;
  intro: ReactNode;
  taken: string[];
  mutation: AuthoriseMutation<R>;
  onClose: () => void;
  /** what the client is given, shown once (the pairing bundle by default), its modal's title and the submit label */
  shown?: { title: string; submit: string; render: (result: R) => ReactNode };
}) {
  const [name, setName] = useState('');
  const [exported, setExported] = useState<R | null>(null);
  const close = () => {
    setName('');
    setExported(null);
    mutation.reset();
    onClose();
  };
  const problem = clientNameProblem(name, taken);
  return (
    <Modal opened={opened} onClose={close} size={exported ? 'xl' : 'md'} title={<Text fw={650} size="lg">{exported ? shown.title : title}</Text>}>
      {exported ? (
        <Stack>
          {shown.render(exported)}
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
                {shown.submit}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
