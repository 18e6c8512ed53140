import { ActionIcon, Badge, Button, Card, Group, Menu, Modal, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { IconDots, IconTrash, IconUserPlus, IconWorldCode } from '@tabler/icons-react';
import { useState } from 'react';
import type { OnionService } from '../../shared/channels/tor';
import { OnionAddress } from '../components/onion/OnionAddress';
import { RevokeButton } from '../components/onion/RevokeButton';
import { ErrorAlert } from '../components/ErrorAlert';
import { AddClientModal } from './AddClientModal';
import { useOnionServices, usePublishLocal, useRemoveService, useRevokeClient } from './api';

function ServiceBlock({ service, onAddClient }: { service: OnionService; onAddClient: () => void }) {
  const revoke = useRevokeClient();
  const remove = useRemoveService();
  const [removing, setRemoving] = useState(false);
  return (
    <Stack gap="sm" data-testid={`onion-service-${service.name}`}>
      <Modal opened={removing} onClose={() => setRemoving(false)} title={<Text fw={650}>Remove the onion service {service.name}?</Text>}>
        <Text size="sm">
          Its key is deleted: the address <b>{service.onionAddress}</b> stops working for every client, for good.
        </Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setRemoving(false)}>
            Keep it
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(service.name, { onSettled: () => setRemoving(false) })}>
            Remove
          </Button>
        </Group>
      </Modal>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="sm" wrap="nowrap" miw={0}>
          <ThemeIcon variant="light" size={40} radius="md" color="grape">
            <IconWorldCode size={22} stroke={1.6} />
          </ThemeIcon>
          <div style={{ minWidth: 0 }}>
            <Group gap="xs">
              <Text fw={600}>{service.name}</Text>
              <Badge size="sm" variant="light" color={service.published ? 'teal' : service.publishing ? 'blue' : 'gray'} data-testid="onion-service-state">
                {service.published ? 'Published' : service.publishing ? 'Publishing…' : service.clients.length === 0 ? 'No clients yet' : 'Not published (Tor stopped)'}
              </Badge>
            </Group>
            <OnionAddress address={service.onionAddress} port={service.virtualPort} testId="onion-address" dimmed />
            <Text size="xs" c="dimmed">
              forwards to {service.target}
            </Text>
          </div>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="light" leftSection={<IconUserPlus size={14} />} onClick={onAddClient}>
            Add client
          </Button>
          <Menu position="bottom-end">
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${service.name}`}>
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} />}
                onClick={() => setRemoving(true)}
              >
                Remove service…
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      {service.clients.length > 0 && (
        <Table verticalSpacing={6} aria-label={`Authorised clients of ${service.name}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Authorised client</Table.Th>
              <Table.Th>Added</Table.Th>
              <Table.Th ta="right">Access</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {service.clients.map((c) => (
              <Table.Tr key={c.name}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {c.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {new Date(c.addedAt).toLocaleString()}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <RevokeButton
                    name={c.name}
                    tooltip="Its key stops working at once"
                    pending={revoke.isPending}
                    onRevoke={(settled) => revoke.mutate({ service: service.name, client: c.name }, { onSettled: settled })}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {(revoke.isError || remove.isError) && <ErrorAlert error={revoke.error ?? remove.error} />}
    </Stack>
  );
}

/** Onion services published from this computer, with their authorised clients. */
export function OnionServicesCard() {
  const services = useOnionServices();
  const publish = usePublishLocal();
  const [adding, setAdding] = useState<OnionService | null>(null);
  const list = services.data ?? [];
  return (
    <Card component="section" aria-label="Onion services">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={3} fz="lg">
              Onion services
            </Title>
            <Text size="sm" c="dimmed" mt={4} maw={640}>
              Reach this computer&apos;s LXD from anywhere without opening a port: it is published as a v3 onion service that
              only authorised clients can find. Datacenters with remote access publish theirs from their gateway.
            </Text>
          </div>
          {list.length === 0 && services.isSuccess && (
            <Button variant="light" leftSection={<IconWorldCode size={16} />} loading={publish.isPending} onClick={() => publish.mutate('this-computer')}>
              Publish this computer&apos;s LXD
            </Button>
          )}
        </Group>
        {services.isError && <ErrorAlert error={services.error} title="Could not list the onion services" />}
        {publish.isError && <ErrorAlert error={publish.error} title="Could not publish this computer's LXD" />}
        {list.map((s) => (
          <ServiceBlock key={s.name} service={s} onAddClient={() => setAdding(s)} />
        ))}
      </Stack>
      <AddClientModal service={adding?.name ?? null} taken={adding?.clients.map((c) => c.name) ?? []} onClose={() => setAdding(null)} />
    </Card>
  );
}
