import { Anchor, Breadcrumbs, Button, Group, SegmentedControl, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconBolt, IconCurrencyBitcoin, IconTerminal2, IconTopologyStar3 } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { catalog } from '../../shared/datacenter/catalog';
import type { DatacenterSpec } from '../../shared/datacenter/spec';
import { useDatacenter } from '../api/use-datacenters';
import { ErrorAlert } from '../components/ErrorAlert';
import { openTerminal } from '../terminal/console-store';
import { cliTerminal } from './lib/cli-terminal';
import { dashboardPaths } from './paths';

/** The dashboards a datacenter has: its node, and each Lightning implementation it runs. */
export function dashboardsOf(spec: DatacenterSpec): Array<{ key: string; label: string; path: string }> {
  const out = [
    { key: 'node', label: `${catalog[spec.bitcoin.implementation].title} node`, path: dashboardPaths.node(spec.name) },
  ];
  if (spec.lightning.lnd) out.push({ key: 'lnd', label: 'LND', path: dashboardPaths.lightning(spec.name, 'lnd') });
  if (spec.lightning.clightning)
    out.push({ key: 'clightning', label: 'Core Lightning', path: dashboardPaths.lightning(spec.name, 'clightning') });
  if (spec.kafka.enabled) out.push({ key: 'kafka', label: 'Kafka', path: dashboardPaths.kafka(spec.name) }); // issue 4, Kafka half
  return out;
}

/** Breadcrumbs, the title and the switch between a datacenter's dashboards; loads its spec. */
export function DashboardFrame({
  datacenter,
  current,
  children,
}: {
  datacenter: string;
  current: string;
  children: (spec: DatacenterSpec) => ReactNode;
}) {
  const spec = useDatacenter(datacenter);
  const [, navigate] = useLocation();
  if (spec.isPending) return <Skeleton h={320} maw={1280} mx="auto" />;
  if (spec.isError) {
    return (
      <Stack maw={1280} mx="auto">
        <ErrorAlert error={spec.error} title={`Could not open the dashboards of ${datacenter}`}>
          <Button component={Link} href={dashboardPaths.index} size="xs" variant="light" color="red" mt="sm">
            All dashboards
          </Button>
        </ErrorAlert>
      </Stack>
    );
  }
  const boards = dashboardsOf(spec.data);
  const cli = cliTerminal(spec.data, current);
  return (
    <Stack gap="lg" maw={1280} mx="auto">
      <Breadcrumbs>
        <Anchor component={Link} href={dashboardPaths.index} size="sm">
          Dashboards
        </Anchor>
        <Anchor component={Link} href={dashboardPaths.datacenter(datacenter)} size="sm">
          {datacenter}
        </Anchor>
        <Text size="sm">{boards.find((b) => b.key === current)?.label ?? current}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Group gap="xs">
            {current === 'node' ? (
              <IconCurrencyBitcoin size={26} stroke={1.6} />
            ) : current === 'kafka' ? (
              <IconTopologyStar3 size={26} stroke={1.6} />
            ) : (
              <IconBolt size={26} stroke={1.6} />
            )}
            <Title order={2}>{boards.find((b) => b.key === current)?.label ?? current}</Title>
          </Group>
          <Text c="dimmed" size="sm" mt={4}>
            {datacenter} · {spec.data.chain} · on {spec.data.endpoint}
          </Text>
        </div>
        <Group gap="sm" wrap="wrap">
          {cli && (
            <Button
              variant="default"
              leftSection={<IconTerminal2 size={16} />}
              onClick={() => openTerminal(cli.target, { preset: cli.preset })}
              data-testid="open-cli"
            >
              {cli.tool}
            </Button>
          )}
          {boards.length > 1 && (
            <SegmentedControl
              aria-label="Dashboard"
              value={current}
              onChange={(key) => {
                const to = boards.find((b) => b.key === key);
                if (to) navigate(to.path);
              }}
              data={boards.map((b) => ({ value: b.key, label: b.label }))}
            />
          )}
        </Group>
      </Group>
      {children(spec.data)}
    </Stack>
  );
}
