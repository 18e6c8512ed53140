import { Button, Group, Paper, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceDesktop, IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { LocalDetection } from '../../../shared/endpoints';
import { useAddLocalEndpoint } from '../../api/use-endpoint-mutations';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorCode, validationField } from '../../lib/errors';
import { endpointNameProblem } from '../../lib/endpoint-name';

/** One click: add the LXD daemon of this computer (name defaults to "local"). */
export function AddLocalForm({ detection, compact }: { detection: LocalDetection; compact: boolean }) {
  const [name, setName] = useState('local');
  const add = useAddLocalEndpoint();
  const problem = endpointNameProblem(name);
  const err = add.error;
  const nameError = err !== null && (errorCode(err) === 'CONFLICT' || validationField(err) === 'name');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem) return;
    const input = detection.socketPath ? { name, socketPath: detection.socketPath } : { name };
    add.mutate(input, {
      onSuccess: (endpoint) =>
        notifications.show({
          color: 'teal',
          title: 'This computer was added',
          message: `Endpoint “${endpoint.name}” is ready.`,
        }),
    });
  };

  return (
    <Paper withBorder radius="md" p={compact ? 'md' : 'lg'} data-testid="add-local">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Group wrap="nowrap" align="flex-start" gap="md">
            <ThemeIcon size={42} radius="md" variant="light" color="teal">
              <IconDeviceDesktop size={22} stroke={1.6} />
            </ThemeIcon>
            <div style={{ flex: 1, minWidth: 0 }}>
              <Text fw={600}>LXD is running on this computer</Text>
              <Text size="sm" c="dimmed">
                {detection.message}
              </Text>
            </div>
          </Group>
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              label="Endpoint name"
              aria-label="Endpoint name for this computer"
              value={name}
              onChange={(e) => {
                setName(e.currentTarget.value);
                if (add.isError) add.reset();
              }}
              error={nameError || (name.length > 0 ? problem : null)}
              w={220}
              spellCheck={false}
              autoComplete="off"
            />
            <Button
              type="submit"
              mt={25}
              leftSection={<IconPlus size={16} />}
              loading={add.isPending}
              disabled={problem !== null}
              color="teal"
            >
              Add this computer
            </Button>
          </Group>
          {err !== null && <ErrorAlert error={err} />}
        </Stack>
      </form>
    </Paper>
  );
}
