import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Grid,
  Group,
  Skeleton,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconAdjustments, IconPlayerPlay, IconRefresh, IconTrash, IconTrashX } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'wouter';
import { useDatacenterRun } from '../../api/use-datacenter-run';
import { useDatacenter, useDatacenterStatus, useDatacentersSync } from '../../api/use-datacenters';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorCode } from '../../lib/errors';
import { formatRelative } from '../../lib/format';
import { paths } from '../paths';
import { chainInfo } from '../wizard/what/ChainSection';
import { AppTilesCard } from './AppTilesCard';
import { ComponentStatusTable } from './ComponentStatusTable';
import { MemberIssues } from './MemberIssues';
import { ForgetModal } from './ForgetModal';
import { ReapplyModal } from './ReapplyModal';
import { RunSection } from './RunSection';
import { SpecSummary } from './SpecSummary';
import { TakeDownModal } from './TakeDownModal';
import { RemoteAccessCard } from '../remote-access/RemoteAccessCard';
import { AppOnionsCard } from '../app-onions/AppOnionsCard';
import { SnapshotsCard } from '../snapshots/SnapshotsCard';
import { DashboardLinks } from '../../dashboards/DashboardLinks';
import { VersionsCard } from '../versions/VersionsCard';

type Dialog = 'reapply' | 'down' | 'forget' | null;

/** One datacenter: its run, the status of each component, and re-apply / take down / forget. */
export function DatacenterPage({ name }: { name: string }) {
  useDatacentersSync();
  const spec = useDatacenter(name);
  const run = useDatacenterRun(name, spec.isSuccess);
  const running = run.snapshot?.outcome === 'running';
  const status = useDatacenterStatus(name, { enabled: spec.isSuccess, fast: running });
  const [dialog, setDialog] = useState<Dialog>(null);
  const deployed = status.data?.deployed === true;

  if (spec.isPending) return <Skeleton h={320} maw={1200} mx="auto" />;
  if (spec.isError) {
    return (
      <Stack maw={1200} mx="auto">
        <ErrorAlert
          error={spec.error}
          title={
            errorCode(spec.error) === 'NOT_FOUND' ? `No datacenter named ${name}` : 'Could not load the datacenter'
          }
        >
          <Button component={Link} href={paths.list} size="xs" variant="light" color="red" mt="sm">
            All datacenters
          </Button>
        </ErrorAlert>
      </Stack>
    );
  }

  return (
    <Stack gap="lg" maw={1200} mx="auto">
      <Breadcrumbs>
        <Anchor component={Link} href={paths.list} size="sm">
          Datacenters
        </Anchor>
        <Text size="sm">{name}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Group gap="sm">
            <Title order={2}>{name}</Title>
            <Badge variant="light" color="bitcoin">
              {chainInfo[spec.data.chain].title}
            </Badge>
            {status.data !== undefined && !deployed && (
              <Badge variant="light" color="gray" data-testid="not-deployed">
                Not deployed
              </Badge>
            )}
          </Group>
          <Text c="dimmed" size="sm" mt={4}>
            On {spec.data.endpoint}, in the LXD project{' '}
            <Text span ff="monospace" size="sm">
              bcm-{name}
            </Text>
          </Text>
        </div>
        <Group gap="sm">
          <Button leftSection={<IconPlayerPlay size={16} />} disabled={running} onClick={() => setDialog('reapply')}>
            {deployed ? 'Re-apply' : 'Deploy'}
          </Button>
          <Button variant="default" leftSection={<IconAdjustments size={16} />} disabled={running} component={Link} href={paths.edit(name)}>
            Edit settings
          </Button>
          {deployed && (
            <Button
              variant="default"
              color="red"
              leftSection={<IconTrash size={16} />}
              disabled={running}
              onClick={() => setDialog('down')}
            >
              Take down
            </Button>
          )}
          {status.data !== undefined && !deployed && (
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrashX size={16} />}
              disabled={running}
              onClick={() => setDialog('forget')}
            >
              Forget
            </Button>
          )}
        </Group>
      </Group>

      {deployed && <DashboardLinks spec={spec.data} />}
      <RunSection run={run} />
      {run.error !== null && <ErrorAlert error={run.error} title="Could not load the last run" />}

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Card>
            <Group justify="space-between" mb="sm">
              <div>
                <Text fw={650}>Components</Text>
                <Text size="xs" c="dimmed">
                  {status.data !== undefined ? `Checked ${formatRelative(status.data.checkedAt)}` : 'Checking…'}
                </Text>
              </div>
              <Tooltip label="Check now">
                <Button
                  size="xs"
                  variant="subtle"
                  color="gray"
                  leftSection={<IconRefresh size={14} />}
                  loading={status.isFetching && !status.isPending}
                  onClick={() => void status.refetch()}
                >
                  Refresh
                </Button>
              </Tooltip>
            </Group>
            {status.isPending && <Skeleton h={180} />}
            {status.isError && <ErrorAlert error={status.error} title="Could not read the status" />}
            {status.data?.error !== undefined && (
              <ErrorAlert error={status.data.error} title="Status incomplete" mb="sm" />
            )}
            {status.data?.memberIssues !== undefined && <MemberIssues issues={status.data.memberIssues} endpoint={status.data.endpoint} />}
            {status.data !== undefined && <ComponentStatusTable status={status.data} />}
          </Card>
          {deployed && (status.data?.tiles?.length ?? 0) > 0 && <AppTilesCard tiles={status.data?.tiles ?? []} />}
          {deployed && <SnapshotsCard spec={spec.data} busy={running} />}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Card>
            <Text fw={650} mb="sm">
              Settings
            </Text>
            <SpecSummary spec={spec.data} />
          </Card>
          {deployed && <RemoteAccessCard name={name} enabled={spec.data.remoteAccess} busy={running} />}
          {deployed && <AppOnionsCard name={name} published={spec.data.apps.some((a) => a.onion.length > 0)} busy={running} />}
        </Grid.Col>
      </Grid>
      {deployed && <VersionsCard name={name} spec={spec.data} busy={running} />}

      <ReapplyModal name={name} deployed={deployed} opened={dialog === 'reapply'} onClose={() => setDialog(null)} />
      <TakeDownModal
        name={name}
        endpoint={spec.data.endpoint}
        opened={dialog === 'down'}
        onClose={() => setDialog(null)}
      />
      <ForgetModal name={name} opened={dialog === 'forget'} onClose={() => setDialog(null)} />
    </Stack>
  );
}
