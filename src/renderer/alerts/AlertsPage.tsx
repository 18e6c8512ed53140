import { Alert as MantineAlert, Anchor, Badge, Button, Card, Group, NumberInput, SimpleGrid, Skeleton, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'wouter';
import type { Alert, MonitorSettings } from '../../shared/channels/alerts';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatMoment, formatRelative } from '../lib/format';
import { useAlerts, useAlertSettings, useCheckAlerts } from './api';

function ActiveAlert({ alert }: { alert: Alert }) {
  return (
    <MantineAlert
      color={alert.severity === 'critical' ? 'red' : 'yellow'}
      variant="light"
      icon={<IconAlertTriangle size={20} />}
      title={alert.title}
      data-testid="active-alert"
      data-alert-id={alert.id}
    >
      <Text size="sm">{alert.message}</Text>
      <Group gap="md" mt={6}>
        <Text size="xs" c="dimmed">
          since {formatMoment(alert.raisedAt)} ({formatRelative(alert.raisedAt)})
        </Text>
        {alert.datacenter !== '' && (
          <Anchor component={Link} href={`~/datacenters/${encodeURIComponent(alert.datacenter)}`} size="xs">
            Open {alert.datacenter}
          </Anchor>
        )}
      </Group>
    </MantineAlert>
  );
}

function SettingsCard({ settings }: { settings: MonitorSettings }) {
  const save = useAlertSettings();
  // remounted (key) when the saved settings change, so the draft starts from them
  const [draft, setDraft] = useState(settings);
  const number = (key: keyof Omit<MonitorSettings, 'enabled'>, label: string, description: string, min: number, max: number) => (
    <NumberInput label={label} description={description} min={min} max={max} value={draft[key]} onChange={(v) => typeof v === 'number' && setDraft({ ...draft, [key]: v })} />
  );
  const changed = JSON.stringify(draft) !== JSON.stringify(settings);
  return (
    <Card>
      <Text fw={650} mb="sm">
        Thresholds
      </Text>
      <Stack gap="sm">
        <Switch label="Watch every datacenter while BCM runs" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.currentTarget.checked })} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {number('intervalS', 'Check every (seconds)', '15 to 3600', 15, 3600)}
          {number('backupMaxAgeDays', 'Backup older than (days)', '0 turns this alert off', 0, 365)}
          {number('diskWarnDays', 'Disk full within (days)', 'from the growth seen', 1, 365)}
          {number('stalledMinutes', 'No new block for (minutes)', 'not on regtest', 20, 1440)}
        </SimpleGrid>
        {save.isError && <ErrorAlert error={save.error} title="Could not save the thresholds" />}
        <Group justify="flex-end">
          <Button size="xs" disabled={!changed} loading={save.isPending} onClick={() => save.mutate(draft)}>
            Save thresholds
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** What needs the owner's attention now, what did before, and when to be told. */
export function AlertsPage() {
  const alerts = useAlerts();
  const check = useCheckAlerts();
  const data = alerts.data;
  return (
    <Stack gap="lg" maw={1200} mx="auto">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Alerts</Title>
          <Text c="dimmed" size="sm" mt={4}>
            BCM watches every datacenter while it runs{data?.checkedAt ? ` · checked ${formatRelative(data.checkedAt)}` : ''}.
          </Text>
        </div>
        <Button variant="default" leftSection={<IconRefresh size={16} />} loading={check.isPending} onClick={() => check.mutate()}>
          Check now
        </Button>
      </Group>
      {alerts.isPending && <Skeleton h={120} />}
      {alerts.isError && <ErrorAlert error={alerts.error} title="Could not read the alerts" />}
      {check.isError && <ErrorAlert error={check.error} title="The check did not finish" />}
      {data !== undefined && (
        <>
          {data.active.length === 0 ? (
            <MantineAlert color="teal" variant="light" icon={<IconCircleCheck size={20} />} title="Nothing needs you" data-testid="no-alerts">
              {data.settings.enabled ? 'Every datacenter looks as it should.' : 'Watching is off: turn it on below to be told when something breaks.'}
            </MantineAlert>
          ) : (
            <Stack gap="sm" data-testid="active-alerts">
              {data.active.map((a) => (
                <ActiveAlert key={a.id} alert={a} />
              ))}
            </Stack>
          )}
          <Card>
            <Text fw={650} mb="sm">
              History
            </Text>
            {data.history.length === 0 ? (
              <Text size="sm" c="dimmed">
                No alert has cleared yet.
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={560}>
                <Table verticalSpacing={6} data-testid="alert-history">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Alert</Table.Th>
                      <Table.Th>From</Table.Th>
                      <Table.Th>Until</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.history.map((a) => (
                      <Table.Tr key={`${a.id}@${a.clearedAt ?? ''}`}>
                        <Table.Td>
                          <Group gap={6} wrap="nowrap">
                            <Badge size="xs" variant="light" color={a.severity === 'critical' ? 'red' : 'yellow'} style={{ flexShrink: 0 }}>
                              {a.severity}
                            </Badge>
                            <Text size="sm">{a.title}</Text>
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Text size="xs">{formatMoment(a.raisedAt)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="xs">{a.clearedAt ? formatMoment(a.clearedAt) : '—'}</Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Card>
          <SettingsCard key={JSON.stringify(data.settings)} settings={data.settings} />
        </>
      )}
    </Stack>
  );
}

/** The number of active alerts, beside the Alerts item of the navbar. */
export function AlertsNavBadge() {
  const alerts = useAlerts();
  const active = alerts.data?.active ?? [];
  if (active.length === 0) return null;
  return (
    <Badge size="sm" circle color={active.some((a) => a.severity === 'critical') ? 'red' : 'yellow'} data-testid="alerts-count" style={{ flexShrink: 0 }}>
      {active.length}
    </Badge>
  );
}
