import { Button } from '@mantine/core';
import { IconPlayerStop, IconRefresh } from '@tabler/icons-react';
import type { RunSnapshot } from '../../../shared/datacenter/plan';
import { useCancelRun, useStartRun } from '../../api/use-datacenters';

/**
 * Cancel while a run is going; Retry after a failed or cancelled deploy (apply again: the engine
 * plans afresh and carries on from where it stopped). Down runs are retried from the take-down dialog.
 */
export function RunActions({ snapshot, onError }: { snapshot: RunSnapshot; onError: (err: unknown) => void }) {
  const cancel = useCancelRun();
  const start = useStartRun();
  if (snapshot.outcome === 'running') {
    return (
      <Button
        variant="default"
        color="red"
        leftSection={<IconPlayerStop size={16} />}
        loading={cancel.isPending}
        onClick={() => cancel.mutate(snapshot.datacenter, { onError })}
      >
        Cancel
      </Button>
    );
  }
  if ((snapshot.outcome === 'failed' || snapshot.outcome === 'cancelled') && snapshot.operation === 'apply') {
    return (
      <Button
        leftSection={<IconRefresh size={16} />}
        loading={start.isPending}
        onClick={() => start.mutate({ operation: 'apply', name: snapshot.datacenter }, { onError })}
      >
        Retry
      </Button>
    );
  }
  return null;
}
