import { Alert, Button, Checkbox, Collapse, Group, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { projectName } from '../../../shared/datacenter/spec';
import { usePlan, useStartRun } from '../../api/use-datacenters';
import { ErrorAlert } from '../../components/ErrorAlert';
import { BlockersAlert, PlanView } from '../components/PlanView';
import { summarizePlan } from '../lib/plan-groups';

/** Take down: removes what BCM created, after the user types the name. The spec stays saved. */
export function TakeDownModal({
  name,
  endpoint,
  opened,
  onClose,
}: {
  name: string;
  endpoint: string;
  opened: boolean;
  onClose: () => void;
}) {
  const [confirm, setConfirm] = useState('');
  const [keepData, setKeepData] = useState(false);
  const [showPlan, setShowPlan] = useState(false);
  const plan = usePlan(name, 'down', { enabled: opened, keepData });
  const start = useStartRun();
  const matches = confirm.trim() === name;

  const close = () => {
    setConfirm('');
    setShowPlan(false);
    start.reset();
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title={`Take down ${name}`} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (matches)
            start.mutate({ operation: 'down', name, confirm: confirm.trim(), keepData }, { onSuccess: close });
        }}
      >
        <Stack gap="md">
          <Alert color="red" variant="light" icon={<IconTrash size={18} />}>
            This stops and deletes the containers, networks and profiles BCM created in the LXD project{' '}
            <Text span ff="monospace" size="sm">
              {projectName(name)}
            </Text>{' '}
            on {endpoint}, and the project itself. Nothing outside it is touched. The settings stay saved, so you can
            deploy again later.
          </Alert>
          <Checkbox
            label="Keep data volumes"
            description="Keep the block chain and the Lightning wallets, so a later deploy starts from them."
            checked={keepData}
            onChange={(e) => setKeepData(e.currentTarget.checked)}
          />
          {plan.data !== undefined && (
            <div>
              <BlockersAlert plan={plan.data} />
              <UnstyledButton onClick={() => setShowPlan((v) => !v)} aria-expanded={showPlan}>
                <Group gap={4}>
                  {showPlan ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                  <Text size="sm" fw={600} data-testid="down-plan-summary">
                    {summarizePlan(plan.data.actions)}
                  </Text>
                </Group>
              </UnstyledButton>
              <Collapse expanded={showPlan}>
                <Stack gap="sm" mt="sm">
                  <PlanView actions={plan.data.actions} />
                </Stack>
              </Collapse>
            </div>
          )}
          {plan.isError && <ErrorAlert error={plan.error} title="Could not plan the take-down" />}
          <TextInput
            label={
              <>
                Type <b>{name}</b> to confirm
              </>
            }
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
            data-autofocus
            aria-label={`Type ${name} to confirm`}
          />
          {start.isError && <ErrorAlert error={start.error} title="Could not take it down" />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              type="submit"
              color="red"
              disabled={!matches}
              loading={start.isPending}
              leftSection={<IconTrash size={16} />}
            >
              Take down
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
