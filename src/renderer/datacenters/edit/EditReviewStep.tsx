import { Alert, Badge, Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconArrowLeft, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import type { ComponentKind } from '../../../shared/datacenter/spec';
import { usePlanChange, useSaveSpec, useStartRun } from '../../api/use-datacenters';
import { ErrorAlert } from '../../components/ErrorAlert';
import { BlockersAlert, PlanView } from '../components/PlanView';
import { PlanPlacement } from '../components/PlanPlacement';
import { PreflightList } from '../components/PreflightList';
import { diffHeadline, planDiff } from '../lib/plan-diff';
import { componentTitle } from '../lib/plan-groups';
import { WizardFooter } from '../wizard/WizardFooter';
import { useDatacenterWizard } from '../wizard/wizard-store';
import { RemovalsList } from './RemovalsList';

/** Edit, step 2: what the new settings change against what is deployed; Apply saves and runs them. */
export function EditReviewStep({ onBack, onApplied }: { onBack: () => void; onApplied: () => void }) {
  const spec = useDatacenterWizard((s) => s.spec);
  const [deleteData, setDeleteData] = useState<ComponentKind[]>([]);
  const plan = usePlanChange(spec, deleteData);
  const save = useSaveSpec();
  const start = useStartRun();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const diff = plan.data ? planDiff(plan.data) : undefined;
  const headline = diff ? diffHeadline(diff, componentTitle) : undefined;
  const blocked = plan.data !== undefined && plan.data.blockers.length > 0;
  const nothing = plan.data !== undefined && plan.data.actions.length === 0;

  const apply = async () => {
    setBusy(true);
    setError(null);
    try {
      await save.mutateAsync({ spec, replace: true });
      if (!nothing) await start.mutateAsync({ operation: 'apply', name: spec.name, deleteData });
      onApplied();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="md">
      <div>
        <Text fw={650} size="lg">
          Review the changes
        </Text>
        <Text size="sm" c="dimmed">
          Compared with what runs in the LXD project{' '}
          <Text span ff="monospace" size="sm">
            bcm-{spec.name}
          </Text>{' '}
          now. Nothing changes until you apply.
        </Text>
      </div>
      {plan.isPending && <Skeleton h={160} />}
      {plan.isError && <ErrorAlert error={plan.error} title="Could not plan the changes" />}
      {plan.data !== undefined && diff !== undefined && (
        <>
          <BlockersAlert plan={plan.data} />
          <PreflightList checks={plan.data.checks ?? []} />
          <Group gap={6} data-testid="plan-diff">
            {diff.added.map((c) => (
              <Badge key={`add-${c}`} color="teal" variant="light">
                + {componentTitle(c)}
              </Badge>
            ))}
            {diff.changed.map((c) => (
              <Badge key={`change-${c}`} color="yellow" variant="light">
                ~ {componentTitle(c)}
              </Badge>
            ))}
            {diff.removed.map((r) => (
              <Badge key={`remove-${r.component}`} color="red" variant="light">
                − {r.title}
              </Badge>
            ))}
          </Group>
          <Text size="sm" fw={600} data-testid="plan-summary">
            {headline ?? 'These settings match what is deployed: nothing to change.'}
          </Text>
          <RemovalsList removals={diff.removed} deleteData={deleteData} onChange={setDeleteData} />
          {nothing ? (
            <Alert color="teal" variant="light" title="Nothing to do on the server">
              Applying saves the settings; no container is touched.
            </Alert>
          ) : (
            <>
              <PlanPlacement placement={plan.data.placement} />
              <PlanView actions={plan.data.actions} />
            </>
          )}
        </>
      )}
      {error !== null && <ErrorAlert error={error} title="Could not apply the changes" />}
      <WizardFooter
        back={
          <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={onBack}>
            Change settings
          </Button>
        }
        next={
          <Button
            leftSection={<IconPlayerPlay size={16} />}
            color={deleteData.length > 0 ? 'red' : undefined}
            disabled={plan.data === undefined || blocked || plan.isFetching}
            loading={busy}
            onClick={() => void apply()}
          >
            {nothing ? 'Save settings' : deleteData.length > 0 ? 'Apply and delete data' : 'Apply changes'}
          </Button>
        }
      />
    </Stack>
  );
}
