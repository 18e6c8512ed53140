import { Badge, Card, Group, Loader, Stack, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconChevronRight, IconStack2 } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { DatacenterStatus } from '../../../shared/datacenter/plan';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import { errorMessage } from '../../lib/errors';
import { formatRelative } from '../../lib/format';
import { StateIcon } from '../components/StateIcon';
import { componentBadges } from '../lib/draft';
import { healthLook, summarizeHealth } from '../lib/looks';
import { paths } from '../paths';
import { chainInfo } from '../wizard/what/ChainSection';
import classes from './DatacenterCard.module.css';

function HealthSummary({ status }: { status: UseQueryResult<DatacenterStatus> }) {
  if (status.isPending) {
    return (
      <Group gap={6}>
        <Loader size={14} color="gray" />
        <Text size="sm" c="dimmed">
          Checking…
        </Text>
      </Group>
    );
  }
  if (status.isError) {
    return (
      <Tooltip label={errorMessage(status.error)} multiline maw={360}>
        <Badge variant="light" color="red" size="lg">
          Status unavailable
        </Badge>
      </Tooltip>
    );
  }
  const summary = summarizeHealth(status.data);
  const color =
    summary.overall === 'not-deployed'
      ? 'gray'
      : summary.overall === 'error'
        ? 'red'
        : healthLook(summary.overall).color;
  return (
    <Tooltip
      label={status.data.error?.message ?? `Checked ${formatRelative(status.data.checkedAt)}`}
      multiline
      maw={360}
    >
      <Badge
        variant={summary.overall === 'healthy' ? 'dot' : summary.overall === 'not-deployed' ? 'default' : 'light'}
        color={color}
        size="lg"
        data-testid="health-summary"
        data-overall={summary.overall}
        leftSection={
          summary.overall === 'healthy' ||
          summary.overall === 'not-deployed' ||
          summary.overall === 'error' ? undefined : (
            <StateIcon look={healthLook(summary.overall)} size={14} />
          )
        }
      >
        {summary.label}
      </Badge>
    </Tooltip>
  );
}

export function DatacenterCard({ spec, status }: { spec: DatacenterSpec; status: UseQueryResult<DatacenterStatus> }) {
  return (
    <Card
      component={Link}
      href={paths.datacenter(spec.name)}
      className={classes.card}
      data-testid={`datacenter-${spec.name}`}
      aria-label={`Datacenter ${spec.name}`}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
            <ThemeIcon size={44} radius="md" variant="light">
              <IconStack2 size={24} stroke={1.6} />
            </ThemeIcon>
            <div style={{ minWidth: 0 }}>
              <Group gap="xs" wrap="nowrap">
                <Text fw={650} size="lg" truncate>
                  {spec.name}
                </Text>
                <Badge variant="light" color="bitcoin" size="sm">
                  {chainInfo[spec.chain].title}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed" truncate>
                on {spec.endpoint} ·{' '}
                <Text span ff="monospace" size="sm">
                  bcm-{spec.name}
                </Text>
              </Text>
            </div>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <HealthSummary status={status} />
            <IconChevronRight size={18} className={classes.chevron} />
          </Group>
        </Group>
        <Group gap={6}>
          {componentBadges(spec).map((b) => (
            <Badge key={b.kind} variant="default" radius="sm">
              {b.label}
            </Badge>
          ))}
          {spec.remoteAccess && (
            <Badge variant="default" radius="sm">
              Tor access
            </Badge>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
