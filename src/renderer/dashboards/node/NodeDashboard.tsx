import { Card, Stack } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useNodeSnapshot, useServiceEvents, useSlowSince } from '../api';
import { DashboardFrame } from '../DashboardFrame';
import { HealthHeader } from '../components/HealthHeader';
import { MineCard } from './MineCard';
import { NodeCharts } from './NodeCharts';
import { NodeTables } from './NodeTables';
import { NodeTiles } from './NodeTiles';

/** The Bitcoin node of a datacenter, live: health, tiles, charts, tables and (regtest) mining. */
export function NodeDashboard({ datacenter }: { datacenter: string }) {
  return (
    <DashboardFrame datacenter={datacenter} current="node">
      {() => <NodeBody datacenter={datacenter} />}
    </DashboardFrame>
  );
}

function NodeBody({ datacenter }: { datacenter: string }) {
  const snapshot = useNodeSnapshot(datacenter);
  useServiceEvents(datacenter);
  const slowSince = useSlowSince(snapshot.isFetching);
  const data = snapshot.data;
  return (
    <Stack gap="lg" data-testid="node-dashboard">
      <Card>
        <HealthHeader
          health={data?.health}
          reachability={data?.reachability}
          checkedAt={data?.checkedAt}
          slowSince={slowSince}
          fetching={snapshot.isFetching}
          onRefresh={() => void snapshot.refetch()}
          testId="node"
        />
      </Card>
      {snapshot.isError && <ErrorAlert error={snapshot.error} title="Could not read the node" />}
      <NodeTiles snapshot={data} />
      {data?.canMine && <MineCard datacenter={datacenter} disabled={!data.reachability.reachable} />}
      <NodeCharts snapshot={data} />
      <NodeTables snapshot={data} />
    </Stack>
  );
}
