import { Alert, Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconArrowLeft, IconArrowRight, IconCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useDatacenterRun } from '../../api/use-datacenter-run';
import { useStartRun } from '../../api/use-datacenters';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RunActions } from '../run/RunActions';
import { RunPanel } from '../run/RunPanel';
import { WizardFooter } from './WizardFooter';
import { useDatacenterWizard } from './wizard-store';

/** Step 4: the deployment as it happens; survives a reload (the run is replayed from main). */
export function DeployStep({ onBack, onDone }: { onBack: () => void; onDone: () => void }) {
  const name = useDatacenterWizard((s) => s.savedAs ?? s.spec.name);
  const run = useDatacenterRun(name);
  const start = useStartRun();
  const [actionError, setActionError] = useState<unknown>(null);
  const snapshot = run.snapshot;
  const succeeded = snapshot?.outcome === 'succeeded';
  const stopped =
    snapshot?.outcome === 'failed' || snapshot?.outcome === 'cancelled' || (run.loaded && snapshot === null);

  return (
    <Stack gap="md">
      {!run.loaded && <Skeleton h={320} />}
      {run.error !== null && (
        <ErrorAlert error={run.error} title="Could not load the deployment's progress">
          <Button size="xs" variant="light" color="red" mt="sm" onClick={run.reload}>
            Try again
          </Button>
        </ErrorAlert>
      )}
      {run.loaded && snapshot === null && run.error === null && (
        <Alert color="blue" variant="light" title={`No deployment of ${name} is running`}>
          BCM may have been restarted since it began. Deploying again picks up where it stopped: what is already created
          is kept.
          <Group mt="sm">
            <Button
              size="xs"
              loading={start.isPending}
              onClick={() => start.mutate({ operation: 'apply', name }, { onError: setActionError })}
            >
              Deploy again
            </Button>
          </Group>
        </Alert>
      )}
      {snapshot !== null && (
        <RunPanel
          snapshot={snapshot}
          title={succeeded ? `${name} is deployed` : snapshot.outcome === 'running' ? `Deploying ${name}` : undefined}
          actions={<RunActions snapshot={snapshot} onError={setActionError} />}
        />
      )}
      {actionError !== null && <ErrorAlert error={actionError} />}
      {run.streamError !== null && snapshot?.outcome === 'running' && (
        <Text size="xs" c="dimmed">
          Live updates paused ({run.streamError.message}); reconnecting…
        </Text>
      )}
      <WizardFooter
        back={
          stopped ? (
            <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={onBack}>
              Change settings
            </Button>
          ) : undefined
        }
        next={
          <Group gap="sm">
            <Button
              rightSection={succeeded ? <IconArrowRight size={16} /> : <IconCheck size={16} />}
              disabled={!succeeded}
              onClick={onDone}
            >
              Continue
            </Button>
          </Group>
        }
      />
    </Stack>
  );
}
