import { Button, Group } from '@mantine/core';
import { IconBolt, IconCurrencyBitcoin, IconTopologyStar3 } from '@tabler/icons-react';
import { Link } from 'wouter';
import type { DatacenterSpec } from '../../shared/datacenter/spec';
import { dashboardsOf } from './DashboardFrame';

/** Buttons to a deployed datacenter's dashboards (shown on its page). */
export function DashboardLinks({ spec }: { spec: DatacenterSpec }) {
  return (
    <Group gap="xs" data-testid="dashboard-links">
      {dashboardsOf(spec).map((b) => (
        <Button key={b.key} component={Link} href={b.path} variant="light" size="sm" leftSection={b.key === 'node' ? <IconCurrencyBitcoin size={16} /> : b.key === 'kafka' ? <IconTopologyStar3 size={16} /> : <IconBolt size={16} />}>
          {b.label}
        </Button>
      ))}
    </Group>
  );
}
