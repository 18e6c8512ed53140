import { Stack } from '@mantine/core';
import { useNodeSnapshot, useServiceEvents } from '../api';
import { DashboardFrame } from '../DashboardFrame';
import { SnapshotHeader } from '../components/SnapshotHeader';
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
  const data = snapshot.data;
  return (
    <Stack gap="lg" data-testid="node-dashboard">
      <SnapshotHeader snapshot={snapshot} testId="node" errorTitle="Could not read the node" />
      <NodeTiles snapshot={data} />
      {data?.canMine && <MineCard datacenter={datacenter} disabled={!data.reachability.reachable} />}
      <NodeCharts snapshot={data} />
      <NodeTables snapshot={data} />
    </Stack>
  );
}
