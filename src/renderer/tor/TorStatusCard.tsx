import { Badge, Button, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPlayerPlay, IconPlayerStop, IconRefresh } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { TorStatus } from '../../shared/channels/tor';
import { ErrorAlert } from '../components/ErrorAlert';
import { RichMessage } from '../components/RichMessage';
import { BcmError } from '../../shared/errors';
import { useTorControl } from './api';
import { bootstrapLabel, isBusy, secondsUntil, torProblemTitle, torStateLook } from './lib';

function Fact({ label, value }: { label: string; value: string | number | undefined }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.04em' }}>
        {label}
      </Text>
      <Text size="sm" ff="monospace" mt={2} truncate="end" title={value === undefined ? undefined : String(value)}>
        {value ?? '—'}
      </Text>
    </div>
  );
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

/** BCM's own Tor: state, bootstrap progress with its phase, ports, and Start/Stop. */
export function TorStatusCard({ status }: { status: TorStatus }) {
  const look = torStateLook(status);
  const { start, stop } = useTorControl();
  const busy = isBusy(status);
  const now = useNow(status.state === 'restarting');
  const running = status.state === 'ready' || busy;
  const progress = status.bootstrap?.progress ?? 0;

  return (
    <Card component="section" aria-label="Tor status" data-testid="tor-status" data-state={status.state}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <div>
            <Group gap="sm">
              <Title order={3} fz="lg">
                BCM&apos;s Tor
              </Title>
              <Badge color={look.color} variant="light" size="lg" data-testid="tor-state">
                {look.label}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed" mt={4}>
              {status.state === 'restarting' ? `${look.hint} Next attempt in ${secondsUntil(status.nextRestartAt, now)} s.` : look.hint}
            </Text>
          </div>
          <Group gap="xs">
            {running ? (
              <Button variant="default" leftSection={<IconPlayerStop size={16} />} loading={stop.isPending} onClick={() => stop.mutate()}>
                {busy ? 'Cancel' : 'Stop'}
              </Button>
            ) : (
              <Button
                leftSection={status.state === 'failed' ? <IconRefresh size={16} /> : <IconPlayerPlay size={16} />}
                loading={start.isPending}
                onClick={() => start.mutate()}
              >
                {status.state === 'failed' ? 'Try again' : 'Start Tor'}
              </Button>
            )}
          </Group>
        </Group>

        {(busy || status.state === 'ready' || (status.state === 'failed' && status.bootstrap)) && (
          <div>
            <Group justify="space-between" mb={6}>
              <Text size="sm" fw={500} data-testid="tor-bootstrap">
                {bootstrapLabel(status) || 'Waiting for Tor…'}
              </Text>
              {status.bootstrapMs !== undefined && status.state === 'ready' && (
                <Text size="xs" c="dimmed">
                  connected in {(status.bootstrapMs / 1000).toFixed(1)} s
                </Text>
              )}
            </Group>
            <Progress
              value={status.state === 'starting' ? 100 : progress}
              striped={busy}
              animated={busy}
              color={status.state === 'failed' ? 'red' : status.state === 'ready' ? 'teal' : 'blue'}
              size="lg"
              radius="xl"
              aria-label="Tor bootstrap progress"
            />
            {status.bootstrap?.warning && busy && (
              <Text size="xs" c="orange" mt={6}>
                Tor reports: {status.bootstrap.warning}
              </Text>
            )}
          </div>
        )}

        {status.error && (status.state === 'failed' || status.state === 'restarting') && (
          <ErrorAlert
            error={BcmError.fromShape(status.error)}
            title={torProblemTitle(status.state, status.error.detail?.['reason'])}
            style={{ overflowWrap: 'anywhere' }}
          />
        )}

        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
          <Fact label="SOCKS port" value={status.socksPort ? `127.0.0.1:${status.socksPort}` : undefined} />
          <Fact label="Control port" value={status.controlPort ? `127.0.0.1:${status.controlPort}` : undefined} />
          <Fact label="Process" value={status.pid} />
          <Fact label="Version" value={status.version?.split(' ')[0]} />
        </SimpleGrid>
        {status.torPath && (
          <Text size="xs" c="dimmed">
            <RichMessage text={`Program: \`${status.torPath}\`${status.restarts > 0 ? ` · restarted ${status.restarts}×` : ''}`} />
          </Text>
        )}
      </Stack>
    </Card>
  );
}
