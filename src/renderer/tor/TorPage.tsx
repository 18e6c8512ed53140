import { Grid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '../components/ErrorAlert';
import { useTorStatus } from './api';
import { OnionServicesCard } from './OnionServicesCard';
import { TorLogCard } from './TorLogCard';
import { TorSettingsCard } from './TorSettingsCard';
import { TorStatusCard } from './TorStatusCard';

/** Tor: BCM's own Tor process, the onion services published from here, its log and settings. */
export function TorPage() {
  const status = useTorStatus();
  return (
    <Stack gap="lg" maw={1200} mx="auto">
      <div>
        <Title order={2}>Tor</Title>
        <Text c="dimmed" size="sm" mt={4}>
          How BCM reaches servers over onion addresses, and how this computer can be reached — with no open port.
        </Text>
      </div>
      {status.isPending && <Skeleton h={220} radius="md" />}
      {status.isError && <ErrorAlert error={status.error} title="Could not read Tor's status" />}
      {status.data && <TorStatusCard status={status.data} />}
      <OnionServicesCard />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <TorLogCard />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <TorSettingsCard />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
