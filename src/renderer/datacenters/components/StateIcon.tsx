import { Loader, ThemeIcon } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleDashed,
  IconCircleOff,
  IconCircleX,
  IconHeartbeat,
  IconHelpCircle,
  IconPlayerStop,
  IconProgress,
} from '@tabler/icons-react';
import type { Look } from '../lib/looks';

const icons = {
  pending: IconCircleDashed,
  running: IconProgress,
  done: IconCircleCheck,
  failed: IconCircleX,
  cancelled: IconPlayerStop,
  healthy: IconHeartbeat,
  starting: IconProgress,
  unhealthy: IconAlertTriangle,
  stopped: IconPlayerStop,
  missing: IconCircleOff,
  unknown: IconHelpCircle,
} satisfies Record<Look['icon'], unknown>;

/** The icon of a step or health state; a running step spins. */
export function StateIcon({ look, size = 22 }: { look: Look; size?: number }) {
  if (look.icon === 'running') {
    return (
      <ThemeIcon size={size} radius="xl" variant="transparent" color={look.color} aria-label={look.label} role="img">
        <Loader size={size - 6} color={look.color} />
      </ThemeIcon>
    );
  }
  const Icon = icons[look.icon];
  return (
    <ThemeIcon size={size} radius="xl" variant="transparent" color={look.color} aria-label={look.label} role="img">
      <Icon size={size} stroke={1.7} />
    </ThemeIcon>
  );
}
