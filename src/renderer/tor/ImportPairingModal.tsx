import { Alert, Button, FileButton, Group, Loader, Modal, Progress, Stack, Text, Textarea, TextInput, ThemeIcon } from '@mantine/core';
import { IconCheck, IconCircleDashed, IconFileImport, IconPlugConnected, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { PairingProgress, PairingSummary } from '../../shared/channels/tor';
import { useEventStream } from '../api/use-event-stream';
import { ErrorAlert } from '../components/ErrorAlert';
import { FingerprintInline } from '../components/Fingerprint';
import { useCancelImport, useImportPairing, useInspectPairing } from './api';
import { foldPairingSteps, pairingStepLabels, suggestEndpointName, type StepState } from './lib';

const NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function StepIcon({ state }: { state: StepState }) {
  if (state === 'active') return <Loader size={18} />;
  const look = state === 'done' ? { color: 'teal', icon: <IconCheck size={14} /> } : state === 'failed' ? { color: 'red', icon: <IconX size={14} /> } : { color: 'gray', icon: <IconCircleDashed size={14} /> };
  return (
    <ThemeIcon size={18} radius="xl" variant={state === 'pending' ? 'light' : 'filled'} color={look.color}>
      {look.icon}
    </ThemeIcon>
  );
}

function Steps({ events }: { events: PairingProgress[] }) {
  const steps = foldPairingSteps(events);
  return (
    <Stack gap="sm" data-testid="pairing-steps">
      {(Object.keys(pairingStepLabels) as PairingProgress['step'][]).map((key) => {
        const s = steps[key];
        return (
          <div key={key} data-step={key} data-state={s.state}>
            <Group gap="sm" wrap="nowrap">
              <StepIcon state={s.state} />
              <Text size="sm" fw={s.state === 'active' ? 600 : 400} c={s.state === 'pending' ? 'dimmed' : undefined}>
                {pairingStepLabels[key]}
              </Text>
            </Group>
            {s.state === 'active' && key === 'tor' && s.progress !== undefined && (
              <Stack gap={4} ml={30} mt={4}>
                <Progress value={s.progress} size="sm" animated striped aria-label="Tor bootstrap progress" />
                <Text size="xs" c="dimmed">
                  {Math.round(s.progress)}% · {s.message}
                </Text>
              </Stack>
            )}
            {s.state === 'active' && key !== 'tor' && s.message && (
              <Text size="xs" c="dimmed" ml={30} mt={2}>
                {s.message}
              </Text>
            )}
          </div>
        );
      })}
    </Stack>
  );
}

/**
 * Import a pairing bundle from a home server: paste it or choose its file, check what it holds,
 * then connect through BCM's Tor (progress per step; cancellable) and add the onion endpoint.
 */
export function ImportPairingModal({ opened, onClose, takenNames }: { opened: boolean; onClose: () => void; takenNames: string[] }) {
  const [text, setText] = useState('');
  const [summary, setSummary] = useState<PairingSummary | null>(null);
  const [name, setName] = useState('');
  const [events, setEvents] = useState<PairingProgress[]>([]);
  const inspect = useInspectPairing();
  const run = useImportPairing();
  const cancel = useCancelImport();
  useEventStream('tor.pairing.progress', {}, (p: PairingProgress) => setEvents((list) => [...list, p]), { enabled: opened });

  const reset = () => {
    setText('');
    setSummary(null);
    setName('');
    setEvents([]);
    inspect.reset();
    run.reset();
  };
  const close = () => {
    if (run.isPending) cancel.mutate();
    reset();
    onClose();
  };
  const check = (value: string) => {
    inspect.mutate(value, {
      onSuccess: (s) => {
        setSummary(s);
        setName(suggestEndpointName(s.name, takenNames));
      },
    });
  };
  const nameProblem = name === '' ? 'A name is required' : !NAME.test(name) ? 'Lower-case letters, digits and inner dashes only' : takenNames.includes(name) ? 'An endpoint with this name exists' : undefined;
  const phase = run.isSuccess ? 'done' : run.isPending || run.isError ? 'importing' : summary ? 'review' : 'input';

  return (
    <Modal opened={opened} onClose={close} size="lg" closeOnClickOutside={false} title={<Text fw={650} size="lg">Import a pairing bundle</Text>}>
      {phase === 'input' && (
        <Stack>
          <Text size="sm" c="dimmed">
            A pairing bundle comes from a server&apos;s Tor page (Onion services → Add client). It lets this computer reach that
            server&apos;s LXD over its onion address.
          </Text>
          <Textarea
            label="Pairing bundle"
            placeholder="bcm-pairing:1:…"
            autosize
            minRows={3}
            maxRows={6}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            data-autofocus
          />
          {inspect.isError && <ErrorAlert error={inspect.error} title="This bundle cannot be used" style={{ overflowWrap: 'anywhere' }} />}
          <Group justify="space-between">
            <FileButton
              accept=".bcmpair,text/plain,application/json"
              onChange={(file) => {
                if (!file) return;
                void file.text().then((content) => {
                  setText(content.trim());
                  check(content);
                });
              }}
            >
              {(props) => (
                <Button variant="default" leftSection={<IconFileImport size={16} />} {...props}>
                  Choose a file…
                </Button>
              )}
            </FileButton>
            <Group gap="xs">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button disabled={text.trim() === ''} loading={inspect.isPending} onClick={() => check(text)}>
                Continue
              </Button>
            </Group>
          </Group>
        </Stack>
      )}

      {phase === 'review' && summary && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (nameProblem) return;
            setEvents([]);
            run.mutate({ bundle: text, name });
          }}
        >
          <Stack>
            <Stack gap={4} data-testid="pairing-summary">
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                Onion address
              </Text>
              <Text ff="monospace" size="sm" style={{ wordBreak: 'break-all' }}>
                {summary.onionAddress}:{summary.port}
              </Text>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600} mt="xs">
                LXD certificate (pinned)
              </Text>
              <FingerprintInline fingerprint={summary.lxdFingerprint} />
              <Text size="sm" c="dimmed" mt="xs">
                Made for the client “{summary.clientName}” on {new Date(summary.createdAt).toLocaleString()}
                {summary.hasTrustToken ? '; includes a trust token for this computer’s certificate.' : '; no trust token (the server must already trust this computer).'}
              </Text>
            </Stack>
            <TextInput label="Endpoint name" value={name} onChange={(e) => setName(e.currentTarget.value.trim().toLowerCase())} error={name !== '' ? nameProblem : undefined} />
            <Group justify="space-between">
              <Button variant="subtle" onClick={() => setSummary(null)}>
                Back
              </Button>
              <Button type="submit" leftSection={<IconPlugConnected size={16} />} disabled={nameProblem !== undefined}>
                Connect through Tor
              </Button>
            </Group>
          </Stack>
        </form>
      )}

      {phase === 'importing' && (
        <Stack>
          <Steps events={events} />
          {run.isError && (
            <ErrorAlert
              error={run.error}
              title={run.error.message.includes('not authorised') ? 'Not authorised' : undefined}
              style={{ overflowWrap: 'anywhere' }}
            />
          )}
          <Group justify="flex-end">
            {run.isPending ? (
              <Button variant="default" loading={cancel.isPending} onClick={() => cancel.mutate()}>
                Cancel
              </Button>
            ) : (
              <>
                <Button variant="default" onClick={() => run.reset()}>
                  Back
                </Button>
                <Button onClick={close}>Close</Button>
              </>
            )}
          </Group>
        </Stack>
      )}

      {phase === 'done' && run.data && (
        <Stack>
          <Steps events={events} />
          <Alert color="teal" variant="light" icon={<IconCheck size={18} />} title={`${run.data.name} was added`}>
            BCM reaches it over its onion address through its own Tor. It stays authorised until the server revokes this client.
          </Alert>
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
