import { Button, Card, Group, NumberInput, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { TorSettings } from '../../shared/channels/tor';
import { ErrorAlert } from '../components/ErrorAlert';
import { validationField } from '../lib/errors';
import { useSaveTorSettings, useTorSettings } from './api';

function SettingsForm({ saved }: { saved: TorSettings }) {
  const [draft, setDraft] = useState({ extraTorrc: saved.extraTorrc, bootstrapTimeoutSeconds: saved.bootstrapTimeoutSeconds });
  const save = useSaveTorSettings();
  const changed = draft.extraTorrc !== saved.extraTorrc || draft.bootstrapTimeoutSeconds !== saved.bootstrapTimeoutSeconds;
  const field = validationField(save.error);
  const reset = () => setDraft({ extraTorrc: saved.extraTorrc, bootstrapTimeoutSeconds: saved.bootstrapTimeoutSeconds });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(draft);
      }}
    >
      <Stack gap="sm">
        {/* main spawns this program, so the page only shows it: it is set in ~/.bcm/config.json or BCM_TOR_PATH */}
        <TextInput
          label="Tor program"
          description="Set in ~/.bcm/config.json (tor.torPath) or with BCM_TOR_PATH; empty: the tor found on PATH"
          value={saved.torPath === '' ? 'tor (found on PATH)' : saved.torPath}
          readOnly
          variant="filled"
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
          description="For networks that block Tor: UseBridges 1, Bridge lines from bridges.torproject.org and a ClientTransportPlugin line for an installed transport (obfs4proxy, lyrebird, snowflake-client). Other options are refused."
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
            <Button variant="default" disabled={!changed} onClick={reset}>
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
