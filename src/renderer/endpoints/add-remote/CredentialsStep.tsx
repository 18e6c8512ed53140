import { Button, Group, PasswordInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconCheck } from '@tabler/icons-react';
import type { FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Credential } from '../../../shared/endpoints';
import { toErrorShape } from '../../../shared/errors';
import { useAddRemoteEndpoint } from '../../api/use-endpoint-mutations';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RichMessage } from '../../components/RichMessage';
import { endpointNameProblem } from '../../lib/endpoint-name';
import { placeAddError } from '../../lib/wizard-errors';
import { shapeToError } from './shape-error';
import { useAddRemoteWizard, type CredentialKind } from './wizard-store';

export function CredentialsStep({ takenNames, onDone }: { takenNames: string[]; onDone: () => void }) {
  const draft = useAddRemoteWizard(
    useShallow((s) => ({
      probe: s.probe,
      name: s.name,
      credentialKind: s.credentialKind,
      password: s.password,
      tokenText: s.tokenText,
      error: s.error,
      patch: s.patch,
      reset: s.reset,
    })),
  );
  const add = useAddRemoteEndpoint();
  const error = draft.error?.step === 'credentials' ? draft.error : null;
  const { probe } = draft;

  const nameProblem =
    endpointNameProblem(draft.name) ??
    (takenNames.includes(draft.name) ? `You already have an endpoint called “${draft.name}”` : null);
  const nameError = error?.field === 'name' ? true : draft.name.length > 0 ? nameProblem : null;
  const credentialError = error?.field === 'credential';
  const fieldAlert = (field: 'name' | 'credential') =>
    error !== null && error.field === field ? <ErrorAlert error={shapeToError(error.error)} /> : null;

  const credential: Credential | null =
    draft.credentialKind === 'none'
      ? { kind: 'none' }
      : draft.credentialKind === 'token'
        ? draft.tokenText.trim() === ''
          ? null
          : { kind: 'token', token: draft.tokenText.trim() }
        : draft.password === ''
          ? null
          : { kind: 'password', password: draft.password };

  // The server's answer was about the form as it was sent: once anything in it changes, it is stale
  // (issue 15: "Not accepted by the server" stayed after only the name was changed).
  const clearError = () => {
    if (error !== null) draft.patch({ error: null });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (probe === null || credential === null || nameProblem !== null || add.isPending) return;
    draft.patch({ error: null });
    const name = draft.name;
    add.mutate(
      { name, address: probe.address, fingerprint: probe.fingerprint, credential },
      {
        onSuccess: (endpoint) => {
          notifications.show({
            color: 'teal',
            title: 'Server added',
            message: `“${endpoint.name}” (${endpoint.address}) is now an endpoint. Its certificate is pinned.`,
          });
          draft.reset();
          onDone();
        },
        onError: (err) => {
          const placement = placeAddError(err);
          draft.patch({ error: { ...placement, error: toErrorShape(err) }, step: placement.step });
        },
      },
    );
  };

  const kinds: { value: CredentialKind; label: string }[] = [
    { value: 'password', label: 'Password' },
    { value: 'token', label: 'Token' },
    ...(probe?.trusted ? [{ value: 'none' as const, label: 'Already trusted' }] : []),
  ];

  return (
    <form onSubmit={submit}>
      <Stack gap="md" pt="xs">
        <TextInput
          label="Endpoint name"
          description="How BCM calls this server. Lower-case letters, digits and dashes."
          value={draft.name}
          onChange={(e) => {
            draft.patch({ name: e.currentTarget.value, nameEdited: true });
            clearError();
          }}
          error={nameError}
          spellCheck={false}
          autoComplete="off"
          data-autofocus
        />
        {fieldAlert('name')}

        <Stack gap={6}>
          <Text size="sm" fw={500}>
            How should the server recognise BCM?
          </Text>
          <SegmentedControl
            value={draft.credentialKind}
            onChange={(value) => {
              draft.patch({ credentialKind: value as CredentialKind });
              clearError();
            }}
            data={kinds}
            fullWidth
          />
        </Stack>

        {draft.credentialKind === 'password' && (
          <PasswordInput
            label="Trust password"
            description="The server’s core.trust_password. BCM sends it once to have its certificate trusted, and never stores it."
            aria-invalid={credentialError || undefined}
            value={draft.password}
            onChange={(e) => {
              draft.patch({ password: e.currentTarget.value });
              clearError();
            }}
            error={credentialError}
            autoComplete="off"
          />
        )}
        {draft.credentialKind === 'token' && (
          <TextInput
            label="Trust token"
            description={<RichMessage text="Made on the server with `lxc config trust add`. It works once." />}
            value={draft.tokenText}
            onChange={(e) => {
              draft.patch({ tokenText: e.currentTarget.value });
              clearError();
            }}
            error={credentialError}
            spellCheck={false}
            autoComplete="off"
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
        )}
        {fieldAlert('credential')}
        {draft.credentialKind === 'none' && (
          <Text size="sm" c="dimmed">
            The server already trusts this computer’s certificate; nothing else is needed.
          </Text>
        )}

        {error !== null && error.field === undefined && <ErrorAlert error={shapeToError(error.error)} />}

        <Group justify="space-between">
          <Button
            variant="default"
            leftSection={<IconArrowLeft size={16} />}
            onClick={() => draft.patch({ step: 'verify' })}
          >
            Back
          </Button>
          <Button
            type="submit"
            leftSection={<IconCheck size={16} />}
            loading={add.isPending}
            disabled={credential === null || nameProblem !== null}
          >
            Add endpoint
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
