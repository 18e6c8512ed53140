import { Badge, Button, Card, Group, Skeleton, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconArrowUp, IconSwitchHorizontal } from '@tabler/icons-react';
import { useState } from 'react';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import { isDesired, type AvailableVersion, type ComponentVersions, type VersionsApp } from '../../../shared/datacenter/versions';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ReapplyModal } from '../page/ReapplyModal';
import { useDatacenterVersions } from './api';
import { installedVersion, pendingChange, upgradeTarget } from './logic';
import { SwitchVersionModal } from './SwitchVersionModal';

function VersionText({ children, testId }: { children: string; testId: string }) {
  return (
    <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }} data-testid={testId}>
      {children}
    </Text>
  );
}

function Available({ row }: { row: ComponentVersions }) {
  const installed = installedVersion(row);
  return (
    <Group gap={4} data-testid={`available-${row.artifact}`}>
      {row.available.map((v) => (
        <Tooltip key={`${v.source}:${v.version}`} label={v.note} multiline maw={360} withArrow>
          <Badge
            size="sm"
            radius="sm"
            tt="none"
            variant={isDesired(row, v) ? 'filled' : 'light'}
            color={v.version === installed ? 'teal' : v.source === 'release' ? 'bitcoin' : 'gray'}
          >
            {v.version}
            {v.isDefault ? ' · default' : ''}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}

/** An app's row (issue 14): "app", or "third-party app" with its publisher, whose manifest pins its versions. */
function AppBadge({ app }: { app: VersionsApp }) {
  const thirdParty = app.source === 'third-party';
  const label = thirdParty ? `A third-party app: its manifest in ~/.bcm/apps${app.publisher ? `, from ${app.publisher},` : ''} pins these versions, not BCM.` : "An app BCM ships: its manifest pins these versions.";
  return (
    <Tooltip label={label} multiline maw={320} withArrow>
      <Badge size="xs" variant="light" color={thirdParty ? 'orange' : 'gray'} data-testid={`app-badge-${app.id}`}>
        {thirdParty ? 'third-party app' : 'app'}
      </Badge>
    </Tooltip>
  );
}

type Choosing = { row: ComponentVersions; initial: AvailableVersion | undefined };

/**
 * The datacenter's software versions (issue 12): per component, what is installed, what the
 * settings want (pinned or the catalog's default) and what is available. "Upgrade" and "Switch
 * version" pin a version in the settings and open the re-apply plan.
 */
export function VersionsCard({ name, spec, busy }: { name: string; spec: DatacenterSpec; busy: boolean }) {
  const versions = useDatacenterVersions(name, { enabled: true, fast: busy });
  const [choosing, setChoosing] = useState<Choosing | null>(null);
  const [planning, setPlanning] = useState(false);
  const rows = versions.data?.components ?? [];

  return (
    <Card component="section" aria-label="Versions">
      <Stack gap="sm">
        <div>
          <Text fw={650}>Versions</Text>
          <Text size="xs" c="dimmed">
            Installed, wanted and available software of each component and app. A version you choose is pinned; choose an older one to roll back.
          </Text>
        </div>
        {versions.isPending && <Skeleton h={80} />}
        {versions.isError && <ErrorAlert error={versions.error} title="Could not read the versions" />}
        {rows.length > 0 && (
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" data-testid="versions-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Component</Table.Th>
                  <Table.Th>Installed</Table.Th>
                  <Table.Th>Wanted</Table.Th>
                  <Table.Th>Available</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => {
                  const target = upgradeTarget(row);
                  const pending = pendingChange(row);
                  return (
                    <Table.Tr key={`${row.kind}/${row.artifact}`} data-testid={`versions-${row.artifact}`}>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm" fw={600}>
                            {row.title}
                          </Text>
                          {row.app && <AppBadge app={row.app} />}
                        </Group>
                        <Text size="xs" c="dimmed">
                          {row.artifact}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <VersionText testId={`installed-${row.artifact}`}>{installedVersion(row) ?? (row.installed.some((i) => i.version) ? 'mixed' : '—')}</VersionText>
                      </Table.Td>
                      <Table.Td>
                        <VersionText testId={`wanted-${row.artifact}`}>{row.desired.version}</VersionText>
                        <Group gap={4} mt={2}>
                          <Badge size="xs" variant="outline" color="gray">
                            {row.desired.pinned ? (row.desired.source === 'local' ? 'local build' : 'pinned') : 'default'}
                          </Badge>
                          {pending && (
                            <Badge size="xs" variant="light" color="orange" data-testid={`pending-${row.artifact}`}>
                              not applied
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Available row={row} />
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={4} align="flex-end">
                          {pending ? (
                            <Button size="xs" disabled={busy} onClick={() => setPlanning(true)}>
                              Apply {row.desired.version}
                            </Button>
                          ) : (
                            target && (
                              <Button size="xs" leftSection={<IconArrowUp size={14} />} disabled={busy} onClick={() => setChoosing({ row, initial: target })}>
                                Upgrade to {target.version}
                              </Button>
                            )
                          )}
                          <Button size="xs" variant="subtle" leftSection={<IconSwitchHorizontal size={14} />} disabled={busy} onClick={() => setChoosing({ row, initial: undefined })}>
                            Switch version…
                          </Button>
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      {choosing !== null && (
        <SwitchVersionModal
          spec={spec}
          row={choosing.row}
          initial={choosing.initial}
          onClose={() => setChoosing(null)}
          onSaved={() => {
            setChoosing(null);
            setPlanning(true);
          }}
        />
      )}
      <ReapplyModal name={name} deployed opened={planning} onClose={() => setPlanning(false)} />
    </Card>
  );
}
