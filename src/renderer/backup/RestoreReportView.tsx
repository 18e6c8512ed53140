import { Alert, Code, Group, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import type { RestoreReport } from '../../shared/channels/store';
import { CopyIconButton } from '../components/CopyIconButton';
import { formatBytes } from '../lib/format';

/** Exactly what a restore did: where things went, what was kept aside, every file verified. */
export function RestoreReportView({ report }: { report: RestoreReport }) {
  return (
    <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title="Restore complete" data-testid="restore-report">
      <Stack gap="sm">
        <Text size="sm">
          {report.verified} members restored into <Text span ff="monospace">{report.restoredTo}</Text>; every one matched its SHA-256.
        </Text>
        {report.keptAside ? (
          <Group gap={4} wrap="nowrap">
            <Text size="sm">
              The store that was there is kept at <Text span ff="monospace" data-testid="kept-aside">{report.keptAside}</Text>
            </Text>
            <CopyIconButton value={report.keptAside} label="Copy the path" />
          </Group>
        ) : (
          <Text size="sm">There was no store there before.</Text>
        )}
        {report.uncommittedSaved.length > 0 && (
          <Text size="sm">Its uncommitted changes were committed there first: {report.uncommittedSaved.join(', ')}</Text>
        )}
        <ScrollArea.Autosize mah={220} type="auto">
          <Table fz="xs" withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>File</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>SHA-256</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.files
                .filter((f) => !f.path.startsWith('.git/'))
                .map((f) => (
                  <Table.Tr key={f.path}>
                    <Table.Td ff="monospace">{f.path}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatBytes(f.size)}</Table.Td>
                    <Table.Td ff="monospace">{f.sha256.slice(0, 10)}…</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
        <Text size="xs" c="dimmed">
          Plus {report.files.filter((f) => f.path.startsWith('.git/')).length} files of the history (.git).
        </Text>
        {report.recoveryFolder && (
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              Static channel backups are in <Text span ff="monospace">{report.recoveryFolder}</Text> (with RECOVERY.txt)
            </Text>
            {report.instructions.map((line) => (
              <Code key={line} block>
                {line}
              </Code>
            ))}
          </Stack>
        )}
      </Stack>
    </Alert>
  );
}
