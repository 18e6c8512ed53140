import { Alert, Group, List, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCircleMinus, IconCirclePlus, IconPencil, IconPlayerPlay, IconBan } from '@tabler/icons-react';
import type { Plan, PlanAction } from '../../../shared/datacenter/plan';
import { actionVerb, componentSubtitle, groupPlan, groupSummary, type ActionVerb } from '../lib/plan-groups';

const verbLook: Record<ActionVerb, { color: string; icon: typeof IconCirclePlus; label: string }> = {
  create: { color: 'teal', icon: IconCirclePlus, label: 'Create' },
  change: { color: 'yellow', icon: IconPencil, label: 'Change' },
  remove: { color: 'red', icon: IconCircleMinus, label: 'Remove' },
  run: { color: 'blue', icon: IconPlayerPlay, label: 'Run' },
};

function ActionRow({ action }: { action: PlanAction }) {
  const look = verbLook[actionVerb(action.kind)];
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" py={6} data-testid="plan-action" data-action-id={action.id}>
      <ThemeIcon size={22} radius="xl" variant="light" color={look.color} aria-label={look.label} role="img" mt={1}>
        <look.icon size={14} stroke={2} />
      </ThemeIcon>
      <div style={{ minWidth: 0, flex: 1 }}>
        <Text size="sm">{action.title}</Text>
        {action.detail !== undefined && (
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {action.detail}
          </Text>
        )}
      </div>
      <Text size="xs" c="dimmed" ff="monospace" visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>
        {action.target}
      </Text>
    </Group>
  );
}

/** A plan as a readable list, grouped by component. */
export function PlanView({ actions }: { actions: readonly PlanAction[] }) {
  const groups = groupPlan(actions);
  return (
    <Stack gap="md" data-testid="plan-view">
      {groups.map((group) => (
        <Paper key={group.component} withBorder radius="md" p="md" data-testid={`plan-group-${group.component}`}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
            <div style={{ minWidth: 0 }}>
              <Text fw={650}>{group.title}</Text>
              <Text size="xs" c="dimmed" lineClamp={1}>
                {componentSubtitle(group.component)}
              </Text>
            </div>
            <Text size="xs" c="dimmed" style={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
              {groupSummary(group.counts)}
            </Text>
          </Group>
          <div>
            {group.actions.map((action) => (
              <ActionRow key={action.id} action={action} />
            ))}
          </div>
        </Paper>
      ))}
    </Stack>
  );
}

/** Why a plan cannot run, shown above it. */
export function BlockersAlert({ plan }: { plan: Plan }) {
  if (plan.blockers.length === 0) return null;
  // pre-flight failures are listed with their checks (PreflightList): here they are only counted
  const preflight = new Set((plan.checks ?? []).filter((c) => c.state === 'fail').map((c) => c.detail));
  const own = plan.blockers.filter((b) => !preflight.has(b));
  const more = plan.blockers.length - own.length;
  return (
    <Alert
      color="red"
      variant="filled"
      icon={<IconBan size={20} />}
      title={
        plan.blockers.length === 1 ? 'This plan cannot run' : `This plan cannot run (${plan.blockers.length} problems)`
      }
      data-testid="plan-blockers"
    >
      <List size="sm" spacing={4} c="white">
        {own.map((blocker) => (
          <List.Item key={blocker}>{blocker}</List.Item>
        ))}
        {more > 0 && <List.Item>{more === 1 ? 'A pre-flight check failed' : `${more} pre-flight checks failed`}: see below for what to do.</List.Item>}
      </List>
    </Alert>
  );
}
