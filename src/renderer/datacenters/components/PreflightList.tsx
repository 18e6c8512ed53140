import { Accordion, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import type { PreflightCheck } from '../../../shared/datacenter/plan';

const looks = {
  ok: { color: 'teal', icon: IconCircleCheck, label: 'Passed' },
  warn: { color: 'yellow', icon: IconAlertTriangle, label: 'Warning' },
  fail: { color: 'red', icon: IconCircleX, label: 'Failed' },
} as const;

function CheckRow({ check }: { check: PreflightCheck }) {
  const look = looks[check.state];
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" data-testid="preflight-check" data-check-id={check.id} data-state={check.state}>
      <ThemeIcon size={22} radius="xl" variant="light" color={look.color} role="img" aria-label={look.label} mt={1}>
        <look.icon size={14} stroke={2} />
      </ThemeIcon>
      <div style={{ minWidth: 0, flex: 1 }}>
        <Text size="sm" fw={500}>
          {check.title}
        </Text>
        <Text size="xs" c={check.state === 'ok' ? 'dimmed' : undefined} style={{ overflowWrap: 'anywhere' }}>
          {check.detail}
        </Text>
      </div>
    </Group>
  );
}

/**
 * The apply's pre-flight (issue 12): what it will need, checked before anything is created.
 * Problems show open; a clean pre-flight folds into one line.
 */
export function PreflightList({ checks }: { checks: readonly PreflightCheck[] }) {
  if (checks.length === 0) return null;
  const problems = checks.filter((c) => c.state !== 'ok');
  const passed = checks.length - problems.length;
  const summary = problems.length === 0 ? `Pre-flight: all ${checks.length} checks passed` : `Pre-flight: ${problems.length} of ${checks.length} need attention`;
  return (
    <Accordion variant="contained" radius="md" defaultValue={problems.length > 0 ? 'preflight' : null} transitionDuration={0} data-testid="preflight">
      <Accordion.Item value="preflight">
        <Accordion.Control
          icon={
            <ThemeIcon size={22} radius="xl" variant="light" color={problems.some((c) => c.state === 'fail') ? 'red' : problems.length ? 'yellow' : 'teal'}>
              {problems.length ? <IconAlertTriangle size={14} /> : <IconCircleCheck size={14} />}
            </ThemeIcon>
          }
        >
          <Text size="sm" fw={600} data-testid="preflight-summary">
            {summary}
          </Text>
          {problems.length > 0 && passed > 0 && (
            <Text size="xs" c="dimmed">
              {passed} passed
            </Text>
          )}
        </Accordion.Control>
        <Accordion.Panel>
          <Stack gap="sm">
            {[...problems, ...checks.filter((c) => c.state === 'ok')].map((c) => (
              <CheckRow key={c.id} check={c} />
            ))}
          </Stack>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
