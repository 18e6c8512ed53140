import { Badge, Button, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowRight, IconCircleCheck, IconStack2 } from '@tabler/icons-react';
import { Link } from 'wouter';
import { useDatacenterStatus } from '../../api/use-datacenters';
import { HealthBadge } from '../components/HealthBadge';
import { paths } from '../paths';
import { chainInfo } from './what/ChainSection';
import { useDatacenterWizard } from './wizard-store';

/** Step 5: deployed. Links to the datacenter's page. */
export function DoneStep({ onFinish }: { onFinish: () => void }) {
  const spec = useDatacenterWizard((s) => s.spec);
  const name = useDatacenterWizard((s) => s.savedAs) ?? spec.name;
  const status = useDatacenterStatus(name);
  return (
    <Stack align="center" gap="md" py="xl" data-testid="wizard-done">
      <ThemeIcon size={64} radius="xl" color="teal" variant="light">
        <IconCircleCheck size={40} stroke={1.5} />
      </ThemeIcon>
      <Title order={3}>{name} is running</Title>
      <Text c="dimmed" ta="center" maw={560}>
        Your {chainInfo[spec.chain].title.toLowerCase()} datacenter is deployed on {spec.endpoint}. Its page shows the
        health of every component and lets you re-apply or take it down.
      </Text>
      {status.data !== undefined && (
        <Group gap="xs" justify="center">
          {status.data.components.map((c) => (
            <Group key={c.kind} gap={4} wrap="nowrap">
              <Badge variant="default">{c.title}</Badge>
              <HealthBadge health={c.health} size="sm" />
            </Group>
          ))}
        </Group>
      )}
      <Group mt="md">
        <Button
          component={Link}
          href={paths.datacenter(name)}
          rightSection={<IconArrowRight size={16} />}
          onClick={onFinish}
        >
          Open {name}
        </Button>
        <Button
          component={Link}
          href={paths.list}
          variant="default"
          leftSection={<IconStack2 size={16} />}
          onClick={onFinish}
        >
          All datacenters
        </Button>
      </Group>
    </Stack>
  );
}
