import { Badge, Button, Card, Group, ScrollArea, Select, Text } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import type { KafkaMessage, KafkaOverview } from '../../../shared/channels/messaging';
import { CopyIconButton } from '../../components/CopyIconButton';
import { formatCount } from '../lib/format';
import { useTopicTail, TAIL_KEEP } from './api';
import { messageText, parseLogEntry, severityColor } from './lib';

/** "Tail this topic": pick a topic, follow its newest messages live, pause, copy. */
export function TopicTail({ datacenter, overview }: { datacenter: string; overview: KafkaOverview | undefined }) {
  const topics = (overview?.topics ?? []).filter((t) => !t.internal).map((t) => t.name);
  const [chosen, setChosen] = useState<string | null>(null);
  const topic = chosen ?? (overview && topics.includes(overview.logTopic) ? overview.logTopic : (topics[0] ?? null));
  return (
    <Card data-testid="kafka-tail">
      <Group justify="space-between" mb="sm" wrap="wrap" gap="sm">
        <div>
          <Text fw={650}>Tail a topic</Text>
          <Text size="xs" c="dimmed">
            The newest 50 messages of each partition, then every new one as it is written.
          </Text>
        </div>
        <Select
          aria-label="Topic to tail"
          placeholder={topics.length ? 'Choose a topic' : 'No topics yet'}
          data={topics}
          value={topic}
          onChange={setChosen}
          allowDeselect={false}
          searchable
          w={260}
          data-testid="kafka-tail-topic"
        />
      </Group>
      {topic ? <TailView key={topic} datacenter={datacenter} topic={topic} isLog={topic === overview?.logTopic} /> : <Text c="dimmed" size="sm">Nothing to tail yet.</Text>}
    </Card>
  );
}

const stateLook = { connecting: ['gray', 'Connecting…'], live: ['teal', 'Live'], ended: ['gray', 'Ended'], error: ['red', 'Stopped'], idle: ['yellow', 'Paused'] } as const;

function TailView({ datacenter, topic, isLog }: { datacenter: string; topic: string; isLog: boolean }) {
  const [following, setFollowing] = useState(true);
  const tail = useTopicTail(datacenter, topic, following);
  const viewport = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const count = tail.messages.length;
  useEffect(() => {
    const el = viewport.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [count]);
  const [color, label] = stateLook[tail.state];
  return (
    <>
      <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Badge variant="light" color={color} data-testid="kafka-tail-state" data-state={tail.state}>
            {label}
          </Badge>
          <Text size="xs" c="dimmed" data-testid="kafka-tail-count">
            {formatCount(tail.received)} received{tail.received > TAIL_KEEP ? ` · newest ${TAIL_KEEP} shown` : ''}
          </Text>
          {tail.message && (
            <Text size="xs" c="red.7">
              {tail.message}
            </Text>
          )}
        </Group>
        <Group gap="xs">
          <Button size="xs" variant="light" leftSection={following ? <IconPlayerPause size={14} /> : <IconPlayerPlay size={14} />} onClick={() => setFollowing((f) => !f)}>
            {following ? 'Pause' : 'Follow'}
          </Button>
          <Button size="xs" variant="subtle" color="gray" leftSection={<IconTrash size={14} />} onClick={tail.clear} disabled={count === 0}>
            Clear
          </Button>
          <CopyIconButton value={tail.messages.map(messageText).join('\n')} label="Copy the messages shown" />
        </Group>
      </Group>
      <ScrollArea
        h={360}
        viewportRef={viewport}
        onScrollPositionChange={({ y }) => {
          const el = viewport.current;
          if (el) stick.current = y + el.clientHeight >= el.scrollHeight - 24;
        }}
        style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-md)' }}
      >
        <div style={{ padding: '6px 10px' }} data-testid="kafka-tail-lines">
          {count === 0 ? (
            <Text size="sm" c="dimmed" py="md" ta="center">
              {tail.state === 'live' ? `Waiting for messages in ${topic}…` : 'No messages yet.'}
            </Text>
          ) : (
            tail.messages.map((m) => <Line key={`${m.partition}:${m.offset}`} m={m} isLog={isLog} />)
          )}
        </div>
      </ScrollArea>
    </>
  );
}

function Line({ m, isLog }: { m: KafkaMessage; isLog: boolean }) {
  const entry = isLog ? parseLogEntry(m.value) : null;
  const time = new Date(entry?.time || m.timestamp).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <Group gap={8} wrap="nowrap" align="flex-start" py={1} data-testid="kafka-tail-line" style={{ fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 }}>
      <Text span c="dimmed" fz={12} ff="monospace" style={{ flexShrink: 0 }}>
        {time}
      </Text>
      {entry ? (
        <>
          <Badge size="xs" variant="light" color="blue" style={{ flexShrink: 0 }}>
            {entry.container}
          </Badge>
          <Text span fz={12} ff="monospace" c={severityColor(entry.severity)} style={{ flexShrink: 0, minWidth: 52 }}>
            {entry.severity}
          </Text>
          <Text span fz={12} ff="monospace" c="dimmed" style={{ flexShrink: 0 }}>
            {entry.unit || entry.program}
          </Text>
          <Text span fz={12} ff="monospace" style={{ wordBreak: 'break-word' }}>
            {entry.message}
          </Text>
        </>
      ) : (
        <>
          <Text span c="dimmed" fz={12} ff="monospace" style={{ flexShrink: 0 }}>
            p{m.partition}@{m.offset}
            {m.key ? ` ${m.key}` : ''}
          </Text>
          <Text span fz={12} ff="monospace" style={{ wordBreak: 'break-word' }}>
            {m.value ?? '(null)'}
            {m.truncated ? ' …' : ''}
          </Text>
        </>
      )}
    </Group>
  );
}
