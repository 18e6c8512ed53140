import { Alert, Badge, Button, Card, Code, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { IconCalendarRepeat, IconInfoCircle, IconKey } from '@tabler/icons-react';
import { useState } from 'react';
import type { BackupKey, BackupSettings, ChannelTriggers } from '../../shared/channels/store';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatRelative } from '../lib/format';
import { useRemoveKey, useUpdateBackupSettings } from './api';
import { KeySetupModal } from './KeySetupModal';
import { fileName } from './lib';

const SOURCE: Record<BackupKey['source'], string> = {
  generated: 'a key BCM made; you keep its identity file',
  passphrase: 'derived from your passphrase',
  pasted: 'your own age key',
};

function KeyLine({ backupKey }: { backupKey: BackupKey | null }) {
  if (!backupKey) {
    return (
      <Text size="sm" c="dimmed">
        Scheduled backups are encrypted to a backup key: nothing kept on this computer can open them. Set one up to turn them on.
      </Text>
    );
  }
  return (
    <Stack gap={2} data-testid="backup-key">
      <Text size="sm">
        Encrypted to <Code>{`${backupKey.recipient.slice(0, 12)}…${backupKey.recipient.slice(-6)}`}</Code> — {SOURCE[backupKey.source]}.
      </Text>
      <Text size="xs" c="dimmed">
        Set {formatRelative(backupKey.setAt)}. Restore with {backupKey.source === 'passphrase' ? 'that passphrase' : 'its identity'}.
      </Text>
    </Stack>
  );
}

function ChannelTriggerLine({ triggers, on }: { triggers: ChannelTriggers; on: boolean }) {
  if (!on && !triggers.last) return null;
  return (
    <Stack gap={4} data-testid="channel-triggers">
      {on && triggers.watching.length === 0 && (
        <Text size="xs" c="dimmed">
          Watching no lnd yet: a deployed datacenter with lnd is picked up within 15 s.
        </Text>
      )}
      {triggers.watching.map((w) => (
        <Group key={w.datacenter} gap={6} wrap="nowrap">
          <Badge size="xs" variant="light" color={w.state === 'watching' ? 'teal' : 'yellow'}>
            {w.state}
          </Badge>
          <Text size="xs">
            {w.datacenter}: {w.message}
          </Text>
        </Group>
      ))}
      {triggers.pendingSince && <Text size="xs">A channel changed {formatRelative(triggers.pendingSince)}; its backup is due within a minute.</Text>}
      <Text size="xs" c="dimmed">
        {triggers.last
          ? `Last channel-triggered backup ${formatRelative(triggers.last.at)}${triggers.last.datacenters.length > 0 ? ` (${triggers.last.datacenters.join(', ')})` : ''}: ${fileName(triggers.last.path)}.`
          : 'No channel-triggered backup yet.'}
      </Text>
      {triggers.lastError && (
        <Text size="xs" c="red">
          The last one failed {formatRelative(triggers.lastError.at)}: {triggers.lastError.message}
        </Text>
      )}
    </Stack>
  );
}

/**
 * The optional schedule: daily, and after a Lightning node's channel state changes. Both are
 * encrypted to the backup key (an age recipient), so no secret stays on this computer.
 */
export function ScheduleCard({ settings, triggers }: { settings: BackupSettings; triggers: ChannelTriggers }) {
  const update = useUpdateBackupSettings();
  const remove = useRemoveKey();
  const [setup, setSetup] = useState(false);
  const noKey = settings.key === null;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="schedule-card">
      <Stack gap="md">
        <Group gap="sm">
          <IconCalendarRepeat size={22} stroke={1.6} />
          <Title order={4}>Schedule</Title>
        </Group>
        {settings.notice && (
          <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />} title="Scheduled backups changed" data-testid="backup-notice">
            <Stack gap="xs">
              <Text size="sm">{settings.notice}</Text>
              <Group>
                <Button size="xs" variant="light" color="yellow" onClick={() => update.mutate({ dismissNotice: true })}>
                  Got it
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <KeyLine backupKey={settings.key} />
        <Group gap="xs">
          <Button size="xs" variant={noKey ? 'filled' : 'default'} leftSection={<IconKey size={14} />} onClick={() => setSetup(true)}>
            {noKey ? 'Set up a backup key' : 'Change the key'}
          </Button>
          {!noKey && (
            <Button size="xs" variant="subtle" color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              Remove the key
            </Button>
          )}
        </Group>
        <Switch
          label="Back up every day"
          description={`Into ${settings.folder}`}
          checked={settings.daily}
          disabled={noKey || update.isPending}
          onChange={(e) => update.mutate({ daily: e.currentTarget.checked })}
        />
        <Switch
          label="Back up after channel changes"
          description="lnd tells BCM when a channel opens or closes; a backup follows within a minute."
          checked={settings.afterChannelChange}
          disabled={noKey || update.isPending}
          onChange={(e) => update.mutate({ afterChannelChange: e.currentTarget.checked })}
        />
        <ChannelTriggerLine triggers={triggers} on={settings.afterChannelChange && !noKey} />
        {update.isError && <ErrorAlert error={update.error} title="The settings were not saved" />}
        {remove.isError && <ErrorAlert error={remove.error} title="The key was not removed" />}
      </Stack>
      <KeySetupModal opened={setup} onClose={() => setSetup(false)} />
    </Card>
  );
}
