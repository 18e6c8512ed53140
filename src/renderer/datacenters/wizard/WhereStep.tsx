import {
  Alert,
  Anchor,
  Button,
  EmptyState,
  Group,
  Radio,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
} from '@mantine/core';
import { IconArrowRight, IconDeviceDesktop, IconPlus, IconServer2, IconWorld } from '@tabler/icons-react';
import { useEffect } from 'react';
import { Link, useLocation } from 'wouter';
import type { Endpoint } from '../../../shared/endpoints';
import { useEndpointStatus, useEndpoints, useEndpointsSync } from '../../api/use-endpoints';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ReachabilityBadge } from '../../endpoints/status/ReachabilityBadge';
import { NewVmCard } from '../../multipass/NewVmCard';
import { formatBytes } from '../../lib/format';
import { paths } from '../paths';
import { WizardFooter } from './WizardFooter';
import { useDatacenterWizard } from './wizard-store';

function EndpointOption({ endpoint }: { endpoint: Endpoint }) {
  const status = useEndpointStatus(endpoint.name);
  const resources = status.data?.reachable ? status.data.resources : undefined;
  const Icon = endpoint.kind === 'unix' ? IconDeviceDesktop : IconWorld;
  return (
    <Radio.Card
      value={endpoint.name}
      radius="md"
      p="md"
      data-testid={`where-${endpoint.name}`}
      aria-label={`Endpoint ${endpoint.name}`}
    >
      <Group wrap="nowrap" align="flex-start" gap="md">
        <Radio.Indicator mt={4} />
        <ThemeIcon size={40} radius="md" variant="light" color={endpoint.kind === 'unix' ? 'teal' : 'blue'}>
          <Icon size={22} stroke={1.6} />
        </ThemeIcon>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text fw={650} truncate>
              {endpoint.name}
            </Text>
            <ReachabilityBadge status={status} />
          </Group>
          <Text size="sm" c="dimmed" ff="monospace" truncate>
            {endpoint.kind === 'unix' ? `This computer · ${endpoint.address}` : endpoint.address}
          </Text>
          {resources !== undefined && (
            <Text size="sm" mt={6}>
              Free: {formatBytes(resources.disk.total - resources.disk.used)} disk ·{' '}
              {formatBytes(resources.memory.total - resources.memory.used)} memory · {resources.cpu.threads} threads
            </Text>
          )}
          {status.data !== undefined && !status.data.reachable && (
            <Text size="sm" c="red" mt={6} lineClamp={2}>
              {status.data.error?.message ?? 'Not reachable right now.'}
            </Text>
          )}
        </div>
      </Group>
    </Radio.Card>
  );
}

/** Step 1: which LXD endpoint the datacenter goes to. */
export function WhereStep({ onNext, onCancel }: { onNext: () => void; onCancel: () => void }) {
  useEndpointsSync();
  const endpoints = useEndpoints();
  const endpoint = useDatacenterWizard((s) => s.spec.endpoint);
  const edit = useDatacenterWizard((s) => s.edit);
  const [, navigate] = useLocation();
  const list = endpoints.data ?? [];
  const chosen = list.find((e) => e.name === endpoint);
  const status = useEndpointStatus(chosen?.name ?? endpoint);
  const unreachable = chosen !== undefined && status.data !== undefined && !status.data.reachable;

  // start from the first endpoint when the draft's one does not exist (first run, or it was removed)
  const first = list[0]?.name;
  useEffect(() => {
    if (chosen === undefined && first !== undefined) edit((s) => ({ ...s, endpoint: first }));
  }, [chosen, first, edit]);

  return (
    <Stack gap="md">
      <div>
        <Text fw={650} size="lg">
          Where should the datacenter run?
        </Text>
        <Text size="sm" c="dimmed">
          Pick the LXD server. Everything BCM creates there lives in its own LXD project and can be taken down without
          touching anything else.
        </Text>
      </div>

      {endpoints.isPending && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Skeleton h={110} />
          <Skeleton h={110} />
        </SimpleGrid>
      )}
      {endpoints.isError && <ErrorAlert error={endpoints.error} title="Could not load your endpoints" />}

      {endpoints.isSuccess && list.length === 0 && (
        <EmptyState
          icon={<IconServer2 size={28} stroke={1.5} />}
          variant="light"
          title="No endpoint yet"
          description="Connect this computer's LXD or a home server first, then come back to this wizard — what you chose so far is kept."
        >
          <Button component={Link} href={paths.endpoints} leftSection={<IconPlus size={16} />} mt="md">
            Add an endpoint
          </Button>
        </EmptyState>
      )}

      {list.length > 0 && (
        <Radio.Group
          value={chosen?.name ?? null}
          onChange={(name) => edit((s) => ({ ...s, endpoint: name }))}
          aria-label="Endpoint"
        >
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {list.map((e) => (
              <EndpointOption key={e.name} endpoint={e} />
            ))}
          </SimpleGrid>
        </Radio.Group>
      )}

      {endpoints.isSuccess && (
        <NewVmCard
          takenNames={list.map((e) => e.name)}
          onCreated={(ep) => edit((s) => ({ ...s, endpoint: ep.name }))}
          // the wizard stays where it is: this computer's LXD is chosen when it is an endpoint
          // already, else the Endpoints page adds it (the draft is kept for the way back)
          onUseLocalLxd={() => {
            const local = list.find((e) => e.kind === 'unix');
            if (local) edit((s) => ({ ...s, endpoint: local.name }));
            else navigate(paths.endpoints);
          }}
        />
      )}

      {unreachable && (
        <Alert color="orange" variant="light" title={`${endpoint} is not reachable`}>
          BCM cannot plan a deployment on a server it cannot reach. Check it on the Endpoints page, or pick another one.
        </Alert>
      )}

      {list.length > 0 && (
        <Text size="sm" c="dimmed">
          Another server?{' '}
          <Anchor component={Link} href={paths.endpoints}>
            Add it on the Endpoints page
          </Anchor>
          ; your choices here are kept.
        </Text>
      )}

      <WizardFooter
        back={
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        }
        next={
          <Button
            rightSection={<IconArrowRight size={16} />}
            disabled={chosen === undefined || unreachable}
            onClick={onNext}
          >
            Next: what to run
          </Button>
        }
      />
    </Stack>
  );
}
