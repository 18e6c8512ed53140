import { Badge, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { Manifest } from '../../shared/channels/store';
import { formatBytes, formatDate } from '../lib/format';
import { manifestCounts, totalBytes } from './lib';

function Count({ label, value }: { label: string; value: number }) {
  return (
    <Stack gap={0}>
      <Text size="xl" fw={600}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Stack>
  );
}

/** What an archive holds, from its manifest: shown before anything is restored. */
export function ManifestView({ manifest, archiveSize }: { manifest: Manifest; archiveSize: number }) {
  const counts = manifestCounts(manifest);
  return (
    <Stack gap="sm" data-testid="manifest">
      <Group gap="xs" wrap="wrap">
        <Text size="sm">
          Made {formatDate(manifest.createdAt)} on <b>{manifest.host}</b> from <Text span ff="monospace">{manifest.source}</Text>
        </Text>
        <Badge variant="light" color="gray">
          BCM {manifest.app.version}
        </Badge>
        <Badge variant="light" color="gray">
          format {manifest.formatVersion}
        </Badge>
      </Group>
      <SimpleGrid cols={3} spacing="sm" verticalSpacing="xs">
        <Count label="endpoints" value={counts.endpoints} />
        <Count label="datacenters" value={counts.datacenters} />
        <Count label="secrets" value={counts.secrets} />
        <Count label="history objects" value={counts.history} />
        <Count label="channel backups" value={manifest.channelBackups.length} />
        <Count label="other files" value={counts.other} />
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {manifest.members.length} members, {formatBytes(totalBytes(manifest))} before encryption, {formatBytes(archiveSize)} archive; each has its SHA-256 in the manifest.
      </Text>
      {manifest.channelBackups.length > 0 && (
        <Table striped withTableBorder fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Datacenter</Table.Th>
              <Table.Th>Node</Table.Th>
              <Table.Th>Network</Table.Th>
              <Table.Th>Size</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {manifest.channelBackups.map((c) => (
              <Table.Tr key={c.path}>
                <Table.Td>{c.datacenter}</Table.Td>
                <Table.Td>
                  {c.node} <Text span c="dimmed" size="xs">({c.implementation})</Text>
                </Table.Td>
                <Table.Td>{c.network}</Table.Td>
                <Table.Td>{formatBytes(c.size)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {manifest.notes.map((n) => (
        <Text key={n} size="sm" c="orange">
          {n}
        </Text>
      ))}
    </Stack>
  );
}
