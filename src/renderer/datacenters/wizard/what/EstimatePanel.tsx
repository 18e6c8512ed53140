import { Alert, Divider, Group, Paper, Progress, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { catalog, estimate } from '../../../../shared/datacenter/catalog';
import type { DatacenterSpec } from '../../../../shared/datacenter/spec';
import type { EndpointStatus } from '../../../../shared/endpoints';
import { formatBytes } from '../../../lib/format';
import {
  estimateFit,
  formatCpus,
  formatGiB,
  formatMiB,
  shareOfFree,
  type ResourceFit,
} from '../../lib/estimate-format';

function Meter({ label, value, fit, testId }: { label: string; value: string; fit: ResourceFit; testId: string }) {
  const share = shareOfFree(fit);
  return (
    <div data-testid={testId} data-short={fit.short || undefined}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" c="dimmed">
          {label}
        </Text>
        <Text fw={650} size="lg" c={fit.short ? 'red' : undefined}>
          {value}
        </Text>
      </Group>
      {fit.free !== undefined && (
        <>
          <Progress
            value={share}
            color={fit.short ? 'red' : share > 75 ? 'orange' : 'teal'}
            size="sm"
            radius="xl"
            mt={4}
            aria-label={`${label} share of free`}
          />
          <Text size="xs" c="dimmed" mt={2}>
            {formatBytes(fit.free)} free on the endpoint
          </Text>
        </>
      )}
    </div>
  );
}

/** What the draft will take (disk, memory, CPUs), per component, against the endpoint's free room. */
export function EstimatePanel({ spec, endpoint }: { spec: DatacenterSpec; endpoint: EndpointStatus | undefined }) {
  const est = estimate(spec);
  const fit = estimateFit(est, endpoint);
  return (
    <Paper withBorder radius="md" p="md" data-testid="estimate">
      <Stack gap="sm">
        <div>
          <Text fw={650}>Estimate</Text>
          <Text size="xs" c="dimmed">
            Container limits plus the data each service grows to on {spec.chain}.
          </Text>
        </div>
        <Meter label="Disk" value={formatGiB(est.diskGiB)} fit={fit.disk} testId="estimate-disk" />
        <Meter label="Memory" value={formatMiB(est.memoryMiB)} fit={fit.memory} testId="estimate-memory" />
        <Group justify="space-between" gap="xs" wrap="nowrap" data-testid="estimate-cpu">
          <Text size="sm" c="dimmed">
            CPUs
          </Text>
          <Text fw={650} size="lg">
            {formatCpus(est.cpus)}
            {fit.cpu.available !== undefined && (
              <Text span size="xs" c="dimmed" fw={400}>
                {' '}
                of {fit.cpu.available} threads
              </Text>
            )}
          </Text>
        </Group>
        {fit.warnings.length > 0 && (
          <Alert
            color="orange"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            p="sm"
            data-testid="estimate-warning"
          >
            <Stack gap={4}>
              {fit.warnings.map((w) => (
                <Text key={w} size="xs">
                  {w}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        <Divider />
        <Table fz="xs" verticalSpacing={4} horizontalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Component</Table.Th>
              <Table.Th ta="right">Disk</Table.Th>
              <Table.Th ta="right">Memory</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {est.perComponent.map((c) => (
              <Table.Tr key={c.kind}>
                <Table.Td>{c.kind === 'kafka' ? `Kafka ×${spec.kafka.brokers}` : catalog[c.kind].title}</Table.Td>
                <Table.Td ta="right">{formatGiB(c.diskGiB)}</Table.Td>
                <Table.Td ta="right">{c.memoryMiB > 0 ? formatMiB(c.memoryMiB) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
