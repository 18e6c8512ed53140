import { AreaChart, BarChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { SimpleGrid, Text } from '@mantine/core';
import { IconChartArea, IconChartBar } from '@tabler/icons-react';
import { useMemo } from 'react';
import type { KafkaOverview } from '../../../shared/channels/messaging';
import type { Section } from '../../../shared/services/common';
import { SectionTile } from '../components/SectionTile';
import { formatRate, plural, rateChart } from './lib';

function ok<T>(overview: KafkaOverview | undefined, value: T): Section<T> | undefined {
  if (!overview) return undefined;
  if (overview.state === 'down') return { ok: false, error: { code: 'UNREACHABLE', message: overview.problems[0] ?? 'Kafka is not answering.' } };
  return { ok: true, value };
}

/** Messages per second per topic over the recent samples, and each consumer group's lag. */
export function KafkaCharts({ overview }: { overview: KafkaOverview | undefined }) {
  const chart = useMemo(() => rateChart(overview?.rates ?? [], overview?.topics ?? []), [overview?.rates, overview?.topics]);
  const lag = useMemo(() => (overview?.groups ?? []).map((g) => ({ group: g.groupId, lag: g.lag })), [overview?.groups]);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <SectionTile title="Messages per second" section={ok(overview, chart)} icon={<IconChartArea size={18} stroke={1.6} />} testId="chart-rates">
        {(c) =>
          c.data.length < 2 || c.series.length === 0 ? (
            <Text c="dimmed" size="sm" h={200}>
              Collecting samples while this page is open…
            </Text>
          ) : (
            <>
              <AreaChart h={200} data={c.data} dataKey="time" series={c.series} curveType="monotone" withDots={false} tickLine="y" gridAxis="y" withLegend legendProps={{ verticalAlign: 'bottom', height: 40 }} valueFormatter={(v) => formatRate(v)} />
              <Text size="xs" c="dimmed" mt={4}>
                Messages written per second, over the last {c.data.length} readings (every 5 s).
              </Text>
            </>
          )
        }
      </SectionTile>
      <SectionTile title="Consumer lag" section={ok(overview, lag)} icon={<IconChartBar size={18} stroke={1.6} />} testId="chart-lag">
        {(rows) =>
          rows.length === 0 || rows.every((r) => r.lag === 0) ? (
            <Text c="dimmed" size="sm" h={200} data-testid="chart-lag-none">
              {rows.length === 0
                ? 'No consumer groups yet: nothing reads these topics with committed offsets.'
                : `All ${plural(rows.length, 'consumer group')} caught up: nothing waits to be consumed.`}
            </Text>
          ) : (
            <>
              <BarChart h={200} data={rows} dataKey="group" series={[{ name: 'lag', label: 'Messages behind', color: 'orange.6' }]} tickLine="y" gridAxis="y" />
              <Text size="xs" c="dimmed" mt={4}>
                Messages each group has not consumed yet.
              </Text>
            </>
          )
        }
      </SectionTile>
    </SimpleGrid>
  );
}
