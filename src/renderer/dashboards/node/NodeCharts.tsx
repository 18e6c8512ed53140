import { AreaChart, BarChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { SimpleGrid, Text } from '@mantine/core';
import { IconChartBar, IconChartArea } from '@tabler/icons-react';
import { useMemo } from 'react';
import type { NodeSnapshot } from '../../../shared/services/node';
import { SectionTile } from '../components/SectionTile';
import { arrivalUnit, blockArrivals, mempoolSeries } from '../lib/series';

/** Recent history: minutes between recent blocks, and the mempool over the samples kept in main. */
export function NodeCharts({ snapshot }: { snapshot: NodeSnapshot | undefined }) {
  const mempool = useMemo(() => mempoolSeries(snapshot?.history ?? []), [snapshot?.history]);
  const historySection = snapshot ? ({ ok: true, value: mempool } as const) : undefined;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <SectionTile title="Block arrival" section={snapshot?.recentBlocks} icon={<IconChartBar size={18} stroke={1.6} />} testId="chart-blocks">
        {(blocks) => {
          const { arrivals, leftOut } = blockArrivals(blocks);
          const { unit, value } = arrivalUnit(arrivals);
          const data = arrivals.map((a) => ({ height: a.height, gap: value(a) }));
          return data.length === 0 ? (
            <Text c="dimmed" size="sm" h={200}>
              Not enough recent blocks yet{leftOut ? ' (gaps over 6 hours are left out)' : ''}.
            </Text>
          ) : (
            <>
              <BarChart h={200} data={data} dataKey="height" series={[{ name: 'gap', label: 'After the block before', color: 'bitcoin.6' }]} tickLine="y" gridAxis="y" valueFormatter={(v) => `${v} ${unit}`} />
              <Text size="xs" c="dimmed" mt={4}>
                {unit === 'min' ? 'Minutes' : 'Seconds'} between consecutive recent blocks, by height (header times){leftOut ? `; ${leftOut} gap${leftOut === 1 ? '' : 's'} over 6 hours left out` : ''}.
              </Text>
            </>
          );
        }}
      </SectionTile>
      <SectionTile title="Mempool size" section={historySection} icon={<IconChartArea size={18} stroke={1.6} />} testId="chart-mempool">
        {(points) =>
          points.length < 2 ? (
            <Text c="dimmed" size="sm" h={200}>
              Collecting samples while this page is open…
            </Text>
          ) : (
            <>
              <AreaChart h={200} data={points} dataKey="time" series={[{ name: 'count', label: 'Transactions', color: 'blue.6' }]} curveType="monotone" withDots={false} tickLine="y" gridAxis="y" />
              <Text size="xs" c="dimmed" mt={4}>
                Transactions waiting, over the last {points.length} readings.
              </Text>
            </>
          )
        }
      </SectionTile>
    </SimpleGrid>
  );
}
