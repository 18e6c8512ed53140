import { Card } from '@mantine/core';
import type { Reachability, ServiceHealth } from '../../../shared/services/common';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSlowSince } from '../api';
import { HealthHeader } from './HealthHeader';

/** What a dashboard's snapshot query gives the header (a react-query result fits). */
export interface SnapshotQuery {
  data: { health: ServiceHealth; reachability: Reachability; checkedAt: string } | undefined;
  isFetching: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** A dashboard's health card (with "slow since" while a read hangs) and its read error, if any. */
export function SnapshotHeader({ snapshot, testId, errorTitle }: { snapshot: SnapshotQuery; testId: string; errorTitle: string }) {
  const slowSince = useSlowSince(snapshot.isFetching);
  const data = snapshot.data;
  return (
    <>
      <Card>
        <HealthHeader
          health={data?.health}
          reachability={data?.reachability}
          checkedAt={data?.checkedAt}
          slowSince={slowSince}
          fetching={snapshot.isFetching}
          onRefresh={() => void snapshot.refetch()}
          testId={testId}
        />
      </Card>
      {snapshot.isError && <ErrorAlert error={snapshot.error} title={errorTitle} />}
    </>
  );
}
