import { Button, Card, Group, PasswordInput, Stack, Switch, Text, Title } from '@mantine/core';
import { IconCalendarRepeat } from '@tabler/icons-react';
import { useState } from 'react';
import { MIN_PASSPHRASE, type BackupSettings } from '../../shared/channels/store';
import { ErrorAlert } from '../components/ErrorAlert';
import { useUpdateBackupSettings } from './api';

/**
 * The optional schedule: daily, and after a Lightning node's channel state changes. Both need the
 * passphrase remembered (in ~/.bcm/secrets, 0600), because nobody is there to type it.
 */
export function ScheduleCard({ settings }: { settings: BackupSettings }) {
  const update = useUpdateBackupSettings();
  const [passphrase, setPassphrase] = useState('');
  const needsPassphrase = !settings.passphraseRemembered;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="schedule-card">
      <Stack gap="md">
        <Group gap="sm">
          <IconCalendarRepeat size={22} stroke={1.6} />
          <Title order={4}>Schedule</Title>
        </Group>
        <Switch
          label="Back up every day"
          description={`Into ${settings.folder}`}
          checked={settings.daily}
          disabled={needsPassphrase || update.isPending}
          onChange={(e) => update.mutate({ daily: e.currentTarget.checked })}
        />
        <Switch
          label="Back up when a Lightning node's channels change"
          description="A new static channel backup is taken shortly after a channel opens or closes."
          checked={settings.afterChannelChange}
          disabled={needsPassphrase || update.isPending}
          onChange={(e) => update.mutate({ afterChannelChange: e.currentTarget.checked })}
        />
        {needsPassphrase ? (
          <Group align="flex-end" wrap="wrap">
            <PasswordInput
              label="Remember a passphrase for scheduled backups"
              description="Kept in ~/.bcm/secrets (readable only by you) and never shown again."
              value={passphrase}
              onChange={(e) => setPassphrase(e.currentTarget.value)}
              error={passphrase.length > 0 && passphrase.length < MIN_PASSPHRASE ? `At least ${MIN_PASSPHRASE} characters` : undefined}
              style={{ flex: 1, minWidth: 260 }}
              autoComplete="new-password"
            />
            <Button
              variant="light"
              disabled={passphrase.length < MIN_PASSPHRASE}
              loading={update.isPending}
              onClick={() => update.mutate({ rememberPassphrase: passphrase }, { onSuccess: () => setPassphrase('') })}
            >
              Remember
            </Button>
          </Group>
        ) : (
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              A passphrase is remembered for scheduled backups.
            </Text>
            <Button size="xs" variant="subtle" color="red" onClick={() => update.mutate({ rememberPassphrase: '', daily: false, afterChannelChange: false })}>
              Forget it
            </Button>
          </Group>
        )}
        {update.isError && <ErrorAlert error={update.error} title="The settings were not saved" />}
      </Stack>
    </Card>
  );
}
