import { Badge, type BadgeProps } from '@mantine/core';
import { healthLook, type Health } from '../lib/looks';
import { StateIcon } from './StateIcon';

export function HealthBadge({ health, ...props }: { health: Health } & Omit<BadgeProps, 'color' | 'children'>) {
  const look = healthLook(health);
  return (
    <Badge
      variant="light"
      color={look.color}
      leftSection={<StateIcon look={look} size={14} />}
      data-health={health}
      {...props}
    >
      {look.label}
    </Badge>
  );
}
