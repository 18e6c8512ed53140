import { Button, Card, Group, NumberInput, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { TorSettings } from '../../shared/channels/tor';
import { ErrorAlert } from '../components/ErrorAlert';
import { validationField } from '../lib/errors';
import { useSaveTorSettings, useTorSettings } from './api';

function SettingsForm({ saved }: { saved: TorSettings }) {
  const [draft, setDraft] = useState(saved);
  const save = useSaveTorSettings();
  const changed = JSON.stringify(draft) !== JSON.stringify(saved);
  const field = validationField(save.error);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(draft);
      }}
    >
      <Stack gap="sm">
        <TextInput
          label="Tor program"
          description="Leave empty to use the tor found on PATH"
          placeholder="/usr/bin/tor"
          value={draft.torPath}
          onChange={(e) => setDraft({ ...draft, torPath: e.currentTarget.value })}
          error={field === 'torPath' ? 'An absolute path, e.g. /usr/bin/tor' : undefined}
        />
        <NumberInput
          label="Give up connecting after (seconds)"
          min={10}
          max={900}
          value={draft.bootstrapTimeoutSeconds}
          onChange={(v) => setDraft({ ...draft, bootstrapTimeoutSeconds: typeof v === 'number' ? v : 120 })}
          maw={340}
        />
        <Textarea
          label="Extra torrc lines"
          description="For networks that block Tor: UseBridges 1 and Bridge lines from bridges.torproject.org"
          autosize
          minRows={3}
          maxRows={10}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
          value={draft.extraTorrc}
          onChange={(e) => setDraft({ ...draft, extraTorrc: e.currentTarget.value })}
          error={field === 'extraTorrc' ? 'See the message below' : undefined}
        />
        {save.isError && <ErrorAlert error={save.error} title="Settings not saved" />}
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {save.isSuccess && !changed ? 'Saved. They apply the next time Tor starts.' : 'Changes apply the next time Tor starts.'}
          </Text>
          <Group gap="xs">
            <Button variant="default" disabled={!changed} onClick={() => setDraft(saved)}>
              Reset
            </Button>
            <Button type="submit" disabled={!changed} loading={save.isPending}>
              Save settings
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

/** Where tor is, how long to wait for it, and extra torrc lines (bridges). */
export function TorSettingsCard() {
  const settings = useTorSettings();
  return (
    <Card component="section" aria-label="Tor settings">
      <Stack gap="sm">
        <Title order={3} fz="lg">
          Settings
        </Title>
        {settings.isError && <ErrorAlert error={settings.error} title="Could not read the Tor settings" />}
        {settings.data && <SettingsForm key={JSON.stringify(settings.data)} saved={settings.data} />}
      </Stack>
    </Card>
  );
}
