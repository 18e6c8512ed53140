import { Card, Group, SimpleGrid, Text } from '@mantine/core';
import type { DatacenterStatus } from '../../../shared/datacenter/plan';
import { CopyIconButton } from '../../components/CopyIconButton';

/** The apps' dashboard tiles (issue 14): what each app's manifest asks to show, filled from the datacenter's facts. */
export function AppTilesCard({ tiles }: { tiles: NonNullable<DatacenterStatus['tiles']> }) {
  return (
    <Card component="section" aria-label="Apps" data-testid="app-tiles" mt="lg">
      <Text fw={650} mb="sm">
        Apps
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {tiles.map((t) => (
          <Card key={`${t.app}/${t.title}`} withBorder padding="sm" radius="md" data-testid={`tile-${t.app}`}>
            <Text size="xs" c="dimmed">
              {t.appTitle} · {t.title}
            </Text>
            <Group gap={4} wrap="nowrap">
              <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                {t.value}
              </Text>
              <CopyIconButton value={t.value} label={`Copy ${t.title}`} />
            </Group>
            {t.hint !== undefined && (
              <Text size="xs" c="dimmed" mt={4}>
                {t.hint}
              </Text>
            )}
          </Card>
        ))}
      </SimpleGrid>
    </Card>
  );
}
