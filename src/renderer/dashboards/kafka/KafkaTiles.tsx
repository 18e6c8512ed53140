import { Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconArticle, IconListDetails, IconServer, IconUsersGroup } from '@tabler/icons-react';
import type { KafkaOverview } from '../../../shared/channels/messaging';
import type { Section } from '../../../shared/services/common';
import { Figure, SectionTile } from '../components/SectionTile';
import { formatCount } from '../lib/format';
import { formatRate, logTopicOf, plural } from './lib';

const ICON = { size: 18, stroke: 1.6 } as const;

/** A tile's section from the overview: its value once read, or the reason Kafka did not answer. */
function sectionOf<T>(overview: KafkaOverview | undefined, value: (o: KafkaOverview) => T): Section<T> | undefined {
  if (!overview) return undefined;
  if (overview.state === 'down') return { ok: false, error: { code: 'UNREACHABLE', message: overview.problems[0] ?? 'Kafka is not answering.' } };
  return { ok: true, value: value(overview) };
}

/** The headline tiles: brokers, the KRaft quorum, topics, and the log pipeline. */
export function KafkaTiles({ overview }: { overview: KafkaOverview | undefined }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="lg">
      <SectionTile title="Brokers" section={sectionOf(overview, (o) => o)} icon={<IconServer {...ICON} />} testId="tile-brokers">
        {(o) => (
          <Stack gap="xs">
            <Figure value={<span data-testid="kafka-brokers">{`${o.brokers.length} / ${o.expectedBrokers}`}</span>} caption="registered with the controller" />
            <Group gap={6}>
              {o.brokers.map((b) => (
                <Badge key={b.nodeId} variant="light" color="teal">
                  {b.container ?? b.host} · id {b.nodeId}
                </Badge>
              ))}
            </Group>
          </Stack>
        )}
      </SectionTile>

      <SectionTile title="KRaft quorum" section={sectionOf(overview, (o) => o.quorum)} icon={<IconUsersGroup {...ICON} />} testId="tile-quorum">
        {(q) =>
          q === null ? (
            <Text size="sm" c="dimmed">
              Not read yet (it is read every 30 s).
            </Text>
          ) : (
            <Stack gap="xs">
              <Figure value={q.leaderId >= 0 ? `Leader ${q.leaderId}` : 'No leader'} caption={`epoch ${q.leaderEpoch} · ${q.voters.length} voter${q.voters.length === 1 ? '' : 's'}`} />
              <Text size="xs" c="dimmed">
                Metadata log at {formatCount(q.highWatermark)}; slowest follower {formatCount(q.maxFollowerLag)} behind.
              </Text>
            </Stack>
          )
        }
      </SectionTile>

      <SectionTile title="Topics" section={sectionOf(overview, (o) => o.topics)} icon={<IconListDetails {...ICON} />} testId="tile-topics">
        {(topics) => {
          const user = topics.filter((t) => !t.internal);
          const under = topics.reduce((n, t) => n + t.underReplicated, 0);
          const offline = topics.reduce((n, t) => n + t.offline, 0);
          return (
            <Stack gap="xs">
              <Figure value={formatCount(user.length)} caption={`${plural(user.reduce((n, t) => n + t.partitions, 0), 'partition')} · ${topics.length - user.length} internal`} />
              <Group gap={6}>
                <Badge variant="light" color={under ? 'orange' : 'teal'}>
                  {under} under-replicated
                </Badge>
                <Badge variant="light" color={offline ? 'red' : 'teal'}>
                  {offline} offline
                </Badge>
              </Group>
            </Stack>
          );
        }}
      </SectionTile>

      <SectionTile title="Log pipeline" section={sectionOf(overview, (o) => ({ on: o.logging, name: o.logTopic, topic: logTopicOf(o.topics, o.logTopic) }))} icon={<IconArticle {...ICON} />} testId="tile-logs">
        {(l) =>
          !l.on ? (
            <Text size="sm" c="dimmed">
              Logging is off: turn it on in the datacenter’s settings to ship every container’s journal into {l.name}.
            </Text>
          ) : !l.topic ? (
            <Text size="sm" c="dimmed">
              Waiting for the first journal lines in {l.name}…
            </Text>
          ) : (
            <Stack gap="xs">
              <Figure value={<span data-testid="kafka-log-messages">{formatCount(l.topic.messages)}</span>} caption={`journal lines in ${l.name}`} />
              <Text size="xs" c="dimmed" data-testid="kafka-log-rate">
                {formatRate(l.topic.messagesPerSecond)} now · {plural(l.topic.partitions, 'partition')}
              </Text>
            </Stack>
          )
        }
      </SectionTile>
    </SimpleGrid>
  );
}
