import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import type { FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { toErrorShape } from '../../../shared/errors';
import { useProbeRemote } from '../../api/use-endpoint-mutations';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RichMessage } from '../../components/RichMessage';
import { suggestEndpointName } from '../../lib/endpoint-name';
import { classifyServerInput, withDefaultPort } from '../../lib/server-input';
import { placeProbeError } from '../../lib/wizard-errors';
import { shapeToError } from './shape-error';
import { TokenSummary } from './TokenSummary';
import { useAddRemoteWizard } from './wizard-store';

export function ServerStep({ takenNames }: { takenNames: string[] }) {
  const draft = useAddRemoteWizard(
    useShallow((s) => ({
      serverText: s.serverText,
      tokenAddress: s.tokenAddress,
      error: s.error,
      name: s.name,
      nameEdited: s.nameEdited,
      tokenText: s.tokenText,
      patch: s.patch,
    })),
  );
  const probe = useProbeRemote();
  const input = classifyServerInput(draft.serverText);
  const error = draft.error?.step === 'server' ? draft.error : null;

  const address =
    input.kind === 'address'
      ? input.address
      : input.kind === 'token' && !input.expired
        ? (draft.tokenAddress ?? input.token.addresses[0] ?? null)
        : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (address === null || probe.isPending) return;
    draft.patch({ error: null });
    probe.mutate(address, {
      onSuccess: (result) => {
        const host = result.address.replace(/:\d+$/, '');
        draft.patch({
          probe: result,
          step: 'verify',
          confirmed: false,
          credentialKind: input.kind === 'token' ? 'token' : result.trusted ? 'none' : 'password',
          tokenText: input.kind === 'token' ? draft.serverText.trim() : draft.tokenText,
          name: draft.nameEdited ? draft.name : suggestEndpointName(result.serverName ?? host, takenNames),
        });
      },
      onError: (err) => draft.patch({ error: { ...placeProbeError(err), error: toErrorShape(err) } }),
    });
  };

  const fieldError = error?.field === 'address';
  const tokenProblem =
    input.kind === 'invalid-token'
      ? input.reason
      : input.kind === 'token' && input.expired
        ? 'This trust token has expired. Make a new one on the server with `lxc config trust add`.'
        : null;
  const fieldMessage = tokenProblem !== null ? <RichMessage text={tokenProblem} /> : fieldError;

  return (
    <form onSubmit={submit}>
      <Stack gap="md" pt="xs">
        <TextInput
          label="Server address or trust token"
          description={
            <RichMessage text="A host name or IP address (port 8443 unless you add one), or paste a trust token made on the server with `lxc config trust add`." />
          }
          placeholder="192.168.1.20 or nas.local:8443"
          value={draft.serverText}
          onChange={(e) => {
            draft.patch({
              serverText: e.currentTarget.value,
              tokenAddress: null,
              probe: null,
              confirmed: false,
              error: null,
            });
            probe.reset();
          }}
          error={fieldMessage}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          size="md"
          data-autofocus
        />

        {input.kind === 'address' && !fieldError && (
          <Text size="sm" c="dimmed">
            BCM will connect to{' '}
            <Text span ff="monospace" size="sm" c="var(--mantine-color-text)">
              https://{withDefaultPort(input.address)}
            </Text>{' '}
            and show you its certificate before sending anything.
          </Text>
        )}

        {input.kind === 'token' && (
          <TokenSummary
            token={input.token}
            expired={input.expired}
            selected={address}
            onSelect={(a) => draft.patch({ tokenAddress: a, error: null })}
          />
        )}

        {error !== null && <ErrorAlert error={shapeToError(error.error)} />}

        <Group justify="flex-end">
          <Button
            type="submit"
            rightSection={<IconArrowRight size={16} />}
            loading={probe.isPending}
            disabled={address === null}
          >
            Continue
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
