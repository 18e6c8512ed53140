import { Alert, Badge, Button, Group, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { IconArrowLeft, IconRefresh, IconRocket } from '@tabler/icons-react';
import { useStartRun, usePlan } from '../../api/use-datacenters';
import { ErrorAlert } from '../../components/ErrorAlert';
import { componentBadges } from '../lib/draft';
import { summarizePlan } from '../lib/plan-groups';
import { BlockersAlert, PlanView } from '../components/PlanView';
import { PlanPlacement } from '../components/PlanPlacement';
import { PreflightList } from '../components/PreflightList';
import { chainInfo } from './what/ChainSection';
import { WizardFooter } from './WizardFooter';
import { useDatacenterWizard } from './wizard-store';

/** Step 3: the saved spec's plan, grouped by component; Deploy starts it. */
export function ReviewStep({ onBack, onDeployed }: { onBack: () => void; onDeployed: () => void }) {
  const spec = useDatacenterWizard((s) => s.spec);
  const name = useDatacenterWizard((s) => s.savedAs) ?? spec.name;
  const plan = usePlan(name, 'apply');
  const start = useStartRun();
  const blocked = plan.data !== undefined && plan.data.blockers.length > 0;
  // the project exists already: an earlier deploy created part of it
  const partly = plan.data !== undefined && !plan.data.actions.some((a) => a.kind === 'create-project') && plan.data.actions.length > 0;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Text fw={650} size="lg">
            Review what BCM will do
          </Text>
          <Text size="sm" c="dimmed" data-testid="review-state">
            {partly
              ? 'Part of it exists from a deploy that stopped: BCM picks up where it left off, and only the steps below run. '
              : plan.data !== undefined
                ? 'Nothing has been created yet. '
                : ''}
            The settings are saved as <b>{name}</b>; this is the plan for the LXD project{' '}
            <Text span ff="monospace" size="sm">
              {plan.data?.project ?? `bcm-${name}`}
            </Text>{' '}
            on <b>{spec.endpoint}</b>.
          </Text>
          <Group gap={6} mt="xs">
            <Badge variant="light" color="bitcoin">
              {chainInfo[spec.chain].title}
            </Badge>
            {componentBadges(spec).map((b) => (
              <Badge key={b.kind} variant="default">
                {b.label}
              </Badge>
            ))}
          </Group>
        </div>
        <Tooltip label="Plan again (LXD may have changed)">
          <Button
            variant="default"
            size="xs"
            leftSection={<IconRefresh size={14} />}
            loading={plan.isFetching}
            onClick={() => void plan.refetch()}
          >
            Refresh plan
          </Button>
        </Tooltip>
      </Group>

      {plan.isPending && (
        <Stack gap="sm">
          <Skeleton h={120} />
          <Skeleton h={200} />
        </Stack>
      )}
      {plan.isError && <ErrorAlert error={plan.error} title="Could not plan the deployment" />}
      {plan.data !== undefined && (
        <>
          <BlockersAlert plan={plan.data} />
          <PreflightList checks={plan.data.checks ?? []} />
          <Text size="sm" fw={600} data-testid="plan-summary">
            {summarizePlan(plan.data.actions)}
          </Text>
          {plan.data.actions.length === 0 ? (
            <Alert color="teal" variant="light" title="Everything is as specified — nothing to do" />
          ) : (
            <>
              <PlanPlacement placement={plan.data.placement} />
              <PlanView actions={plan.data.actions} />
            </>
          )}
        </>
      )}
      {start.isError && <ErrorAlert error={start.error} title="Could not start the deployment" />}

      <WizardFooter
        back={
          <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={onBack}>
            Change settings
          </Button>
        }
        next={
          <Button
            leftSection={<IconRocket size={16} />}
            disabled={plan.data === undefined || blocked || plan.isFetching}
            loading={start.isPending}
            onClick={() => start.mutate({ operation: 'apply', name }, { onSuccess: onDeployed })}
          >
            Deploy
          </Button>
        }
      />
    </Stack>
  );
}
