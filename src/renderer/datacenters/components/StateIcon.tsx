import { Box, Loader } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleDashed,
  IconCircleOff,
  IconCircleX,
  IconHeartbeat,
  IconHeartRateMonitor,
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
  degraded: IconHeartRateMonitor,
  unhealthy: IconAlertTriangle,
  stopped: IconPlayerStop,
  missing: IconCircleOff,
  unknown: IconHelpCircle,
} satisfies Record<Look['icon'], unknown>;

/** The icon of a step or health state, in its colour; a running step spins. */
export function StateIcon({ look, size = 22 }: { look: Look; size?: number }) {
  const color = look.color === 'gray' ? 'dimmed' : `${look.color}.6`;
  const Icon = icons[look.icon];
  return (
    <Box
      component="span"
      c={color}
      role="img"
      aria-label={look.label}
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        justifyContent: 'center',
        width: size,
        height: size,
        flexShrink: 0,
      }}
    >
      {look.icon === 'running' ? <Loader size={size - 4} color={look.color} /> : <Icon size={size} stroke={1.7} />}
    </Box>
  );
}
