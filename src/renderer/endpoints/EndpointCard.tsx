import { ActionIcon, Card, Divider, Group, Menu, Stack, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconDeviceDesktop, IconDots, IconRefresh, IconTrash, IconWorld, IconWorldCode } from '@tabler/icons-react';
import type { Endpoint, EndpointKind } from '../../shared/endpoints';
import { useEndpointStatus } from '../api/use-endpoints';
import { useInstances } from '../api/use-instances';
import { InstancesSection } from './instances/InstancesSection';
import { EndpointStatusBody } from './status/EndpointStatusBody';
import { ReachabilityBadge } from './status/ReachabilityBadge';
import { VmPanel } from '../multipass/VmPanel';

const kindIcon: Record<EndpointKind, typeof IconWorld> = {
  unix: IconDeviceDesktop,
  https: IconWorld,
  onion: IconWorldCode,
};

const kindLabel: Record<EndpointKind, string> = {
  unix: 'This computer',
  https: 'HTTPS',
  onion: 'Onion',
};

export function EndpointCard({ endpoint, onRemove }: { endpoint: Endpoint; onRemove: () => void }) {
  const status = useEndpointStatus(endpoint.name);
  const reachable = status.data?.reachable === true;
  const instances = useInstances(endpoint.name, status.data === undefined || reachable);
  const Icon = kindIcon[endpoint.kind];

  return (
    <Card data-testid={`endpoint-${endpoint.name}`} aria-label={`Endpoint ${endpoint.name}`} component="section">
      <Stack gap="md">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
            <ThemeIcon size={44} radius="md" variant="light" color={endpoint.kind === 'unix' ? 'teal' : 'blue'}>
              <Icon size={24} stroke={1.6} />
            </ThemeIcon>
            <div style={{ minWidth: 0 }}>
              <Group gap="xs" wrap="nowrap">
                <Text fw={650} size="lg" truncate>
                  {endpoint.name}
                </Text>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.05em' }}>
                  {kindLabel[endpoint.kind]}
                </Text>
              </Group>
              <Text size="sm" c="dimmed" ff="monospace" truncate>
                {endpoint.kind === 'unix' ? endpoint.address : `https://${endpoint.address}`}
              </Text>
            </div>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ReachabilityBadge status={status} />
            <Tooltip label="Check now">
              <ActionIcon
                variant="subtle"
                color="gray"
                size="lg"
                aria-label={`Check ${endpoint.name} now`}
                loading={status.isFetching && !status.isPending}
                onClick={() => void status.refetch()}
              >
                <IconRefresh size={18} stroke={1.6} />
              </ActionIcon>
            </Tooltip>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`More actions for ${endpoint.name}`}>
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={onRemove}>
                  Remove endpoint…
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>

        <EndpointStatusBody endpoint={endpoint} status={status} instances={instances.query.data} />

        <VmPanel endpoint={endpoint} />

        {(status.data === undefined || reachable) && (
          <>
            <Divider />
            <InstancesSection endpoint={endpoint.name} instances={instances} />
          </>
        )}
      </Stack>
    </Card>
  );
}
