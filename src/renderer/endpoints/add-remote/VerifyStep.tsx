import { Alert, Button, Checkbox, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconArrowLeft, IconArrowRight, IconRefresh, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { useShallow } from 'zustand/react/shallow';
import { toErrorShape } from '../../../shared/errors';
import { useProbeRemote } from '../../api/use-endpoint-mutations';
import { CommandBlock } from '../../components/CommandBlock';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FingerprintBlock } from '../../components/Fingerprint';
import { sameFingerprint } from '../../lib/fingerprint';
import { formatDate, formatExpiry } from '../../lib/format';
import { classifyServerInput } from '../../lib/server-input';
import { Stat } from '../status/Stat';
import { shapeToError } from './shape-error';
import { useAddRemoteWizard } from './wizard-store';

/** Shows the server's certificate so the user can compare it with what the server prints. */
export function VerifyStep() {
  const draft = useAddRemoteWizard(
    useShallow((s) => ({
      probe: s.probe,
      confirmed: s.confirmed,
      serverText: s.serverText,
      error: s.error,
      patch: s.patch,
    })),
  );
  const reprobe = useProbeRemote();
  const { probe } = draft;
  const error = draft.error?.step === 'verify' ? draft.error : null;

  if (probe === null) {
    return (
      <Stack gap="md" pt="xs">
        <Text size="sm">Enter the server’s address first.</Text>
        <Group>
          <Button variant="default" onClick={() => draft.patch({ step: 'server' })}>
            Back
          </Button>
        </Group>
      </Stack>
    );
  }

  const input = classifyServerInput(draft.serverText);
  const tokenFingerprint = input.kind === 'token' ? input.token.fingerprint : null;
  const tokenMatches = tokenFingerprint !== null && sameFingerprint(tokenFingerprint, probe.fingerprint);
  const canContinue = tokenFingerprint !== null ? tokenMatches : draft.confirmed;

  const checkAgain = () =>
    reprobe.mutate(probe.address, {
      onSuccess: (result) => draft.patch({ probe: result, confirmed: false, error: null }),
      onError: (err) => draft.patch({ error: { step: 'verify', error: toErrorShape(err) } }),
    });

  return (
    <Stack gap="md" pt="xs">
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
        <Stat
          label="Address"
          value={
            <Text span ff="monospace" size="sm">
              {probe.address}
            </Text>
          }
        />
        {probe.serverName !== undefined && <Stat label="Server" value={probe.serverName} />}
        {probe.lxdVersion !== undefined && <Stat label="LXD" value={probe.lxdVersion} />}
      </SimpleGrid>

      <Stack gap={6}>
        <Text fw={600} size="sm">
          Server certificate fingerprint (SHA-256)
        </Text>
        <FingerprintBlock fingerprint={probe.fingerprint} />
        <Text size="xs" c="dimmed">
          {probe.subject !== undefined && <>Issued to {probe.subject}. </>}
          {probe.notAfter !== undefined && (
            <>
              Valid until {formatDate(probe.notAfter)} ({formatExpiry(probe.notAfter)}).
            </>
          )}
        </Text>
      </Stack>

      {error !== null && (
        <ErrorAlert error={shapeToError(error.error)}>
          <Group mt="sm">
            <Button
              size="xs"
              variant="light"
              color="red"
              leftSection={<IconRefresh size={14} />}
              loading={reprobe.isPending}
              onClick={checkAgain}
            >
              Check the certificate again
            </Button>
          </Group>
        </ErrorAlert>
      )}

      {tokenFingerprint !== null ? (
        tokenMatches ? (
          <Alert color="teal" variant="light" icon={<IconShieldCheck size={18} />} title="Matches your trust token">
            The server presented the certificate named in the token you pasted, so you are talking to the right server.
          </Alert>
        ) : (
          <Alert color="red" variant="light" icon={<IconShieldX size={18} />} title="Does not match your trust token">
            The token names a different certificate. The token may be for another server, or someone may be intercepting
            the connection. Do not continue; make a new token on the server and try again.
          </Alert>
        )
      ) : (
        <Stack gap="sm">
          <Text size="sm">
            Make sure this is your server: on the server, run the command below and check that it prints the same
            fingerprint. If it doesn’t, someone may be intercepting the connection — do not continue.
          </Text>
          <CommandBlock command="lxc info | grep certificate_fingerprint" />
          <Checkbox
            checked={draft.confirmed}
            onChange={(e) => draft.patch({ confirmed: e.currentTarget.checked })}
            label="The fingerprint matches the one the server shows"
            data-autofocus
          />
        </Stack>
      )}

      {probe.trusted && (
        <Alert color="blue" variant="light" title="Already trusted">
          This server already trusts this computer’s certificate, so no password or token is needed.
        </Alert>
      )}

      <Group justify="space-between">
        <Button
          variant="default"
          leftSection={<IconArrowLeft size={16} />}
          onClick={() => draft.patch({ step: 'server' })}
        >
          Back
        </Button>
        <Button
          rightSection={<IconArrowRight size={16} />}
          disabled={!canContinue}
          onClick={() => draft.patch({ step: 'credentials', confirmed: true })}
        >
          Continue
        </Button>
      </Group>
    </Stack>
  );
}
