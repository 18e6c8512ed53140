import { Alert, Button, Group, Modal, ScrollArea, Skeleton, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconPlayerPlay } from '@tabler/icons-react';
import { usePlan, useStartRun } from '../../api/use-datacenters';
import { ErrorAlert } from '../../components/ErrorAlert';
import { BlockersAlert, PlanView } from '../components/PlanView';
import { PlanPlacement } from '../components/PlanPlacement';
import { summarizePlan } from '../lib/plan-groups';

/**
 * Re-apply (or deploy, when nothing is deployed yet): shows the plan first; an empty plan says so
 * and offers nothing to run.
 */
export function ReapplyModal({
  name,
  deployed,
  opened,
  onClose,
}: {
  name: string;
  deployed: boolean;
  opened: boolean;
  onClose: () => void;
}) {
  const plan = usePlan(name, 'apply', { enabled: opened });
  const start = useStartRun();
  const empty = plan.data !== undefined && plan.data.actions.length === 0;
  const blocked = plan.data !== undefined && plan.data.blockers.length > 0;

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`${deployed ? 'Re-apply' : 'Deploy'} ${name}`}
      size="xl"
      scrollAreaComponent={ScrollArea.Autosize}
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {deployed
            ? 'BCM compares the saved settings with what runs in LXD and lists what it would change.'
            : 'Nothing of this datacenter runs in LXD yet. This is what BCM will create.'}
        </Text>
        {plan.isPending && <Skeleton h={160} />}
        {plan.isError && <ErrorAlert error={plan.error} title="Could not plan" />}
        {plan.data !== undefined && (
          <>
            <BlockersAlert plan={plan.data} />
            {empty ? (
              <Alert
                color="teal"
                variant="light"
                icon={<IconCircleCheck size={20} />}
                data-testid="plan-empty"
                title="Everything is as specified — nothing to do"
              >
                Every container, network and service of {name} matches its settings.
              </Alert>
            ) : (
              <>
                <Text size="sm" fw={600} data-testid="plan-summary">
                  {summarizePlan(plan.data.actions)}
                </Text>
                <PlanPlacement placement={plan.data.placement} />
                <PlanView actions={plan.data.actions} />
              </>
            )}
          </>
        )}
        {start.isError && <ErrorAlert error={start.error} title="Could not start" />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {empty ? 'Close' : 'Cancel'}
          </Button>
          {!empty && (
            <Button
              leftSection={<IconPlayerPlay size={16} />}
              disabled={plan.data === undefined || blocked}
              loading={start.isPending}
              onClick={() => start.mutate({ operation: 'apply', name }, { onSuccess: onClose })}
            >
              {deployed ? 'Apply' : 'Deploy'}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
