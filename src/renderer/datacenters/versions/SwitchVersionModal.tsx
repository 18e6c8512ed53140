import { Alert, Badge, Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconListCheck } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import { choiceOf, isDesired, withVersion, type AvailableVersion, type ComponentVersions } from '../../../shared/datacenter/versions';
import { useSaveSpec } from '../../api/use-datacenters';
import { ErrorAlert } from '../../components/ErrorAlert';
import { versionsKey } from './api';
import { compareVersions, desiredEntry, installedVersion, versionLabel } from './logic';

const key = (v: AvailableVersion): string => `${v.source}:${v.version}:${v.sha256 ?? ''}`;

/**
 * Pins one component to a version: the choice is saved in the datacenter's settings (a release in
 * `versions`, a local build in `artifacts`), then the caller shows the plan of the re-apply. An
 * older version is how one rolls back by hand.
 */
export function SwitchVersionModal({
  spec,
  row,
  initial,
  onClose,
  onSaved,
}: {
  spec: DatacenterSpec;
  row: ComponentVersions;
  /** preselected (the upgrade target), else what the spec wants now */
  initial: AvailableVersion | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const save = useSaveSpec();
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<string>(() => {
    const v = initial ?? desiredEntry(row);
    return v ? key(v) : '';
  });
  const chosen = row.available.find((v) => key(v) === picked);
  const installed = installedVersion(row);
  const older = chosen !== undefined && installed !== null && compareVersions(chosen.version, installed) < 0;
  const unchanged = chosen !== undefined && isDesired(row, chosen);

  return (
    <Modal opened onClose={onClose} title={`Version of ${row.title}`} size="lg">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Installed now: <b>{installed ?? 'not known'}</b>. BCM saves your choice as this datacenter&apos;s pin and shows the plan;
          nothing changes in LXD until you apply it.
        </Text>
        {row.app?.source === 'third-party' && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="A third-party app" data-testid="third-party-notice">
            {row.app.title}&apos;s versions and their SHA-256 pins come from its manifest in ~/.bcm/apps{row.app.publisher ? ` (published by ${row.app.publisher})` : ''}, not from BCM. BCM verifies each file against the pin before installing it.
          </Alert>
        )}
        <Radio.Group value={picked} onChange={setPicked} label={`${row.artifact} versions`} data-testid="version-choices">
          <Stack gap="xs" mt="xs">
            {row.available.map((v) => (
              <Radio
                key={key(v)}
                value={key(v)}
                disabled={v.sha256 === null}
                data-testid={`version-option-${v.version}`}
                label={
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" ff="monospace">
                      {v.version}
                    </Text>
                    <Badge size="xs" variant="light" color={v.source === 'release' ? 'bitcoin' : 'grape'}>
                      {v.source === 'release' ? 'release' : 'local build'}
                    </Badge>
                    {v.isDefault && (
                      <Badge size="xs" variant="outline" color="gray">
                        default
                      </Badge>
                    )}
                    {v.version === installed && (
                      <Badge size="xs" variant="light" color="teal">
                        installed
                      </Badge>
                    )}
                  </Group>
                }
                description={v.sha256 === null ? `Unpinned: ${v.note}` : v.note}
              />
            ))}
          </Stack>
        </Radio.Group>
        {older && (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title="Rolling back">
            {chosen.version} is older than the installed {installed}. Older software may not read data a newer one wrote; the plan shows what will be reinstalled.
          </Alert>
        )}
        {save.isError && <ErrorAlert error={save.error} title="Could not save the version" />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            leftSection={<IconListCheck size={16} />}
            disabled={chosen === undefined}
            loading={save.isPending}
            onClick={() => {
              if (!chosen) return;
              if (unchanged) return onSaved();
              save.mutate(
                { spec: withVersion(spec, row.artifact, choiceOf(chosen)), replace: true },
                {
                  onSuccess: () => {
                    void queryClient.invalidateQueries({ queryKey: versionsKey(spec.name) }); // "wanted" changed
                    onSaved();
                  },
                },
              );
            }}
          >
            {chosen ? `Pin ${versionLabel(chosen)} and show the plan` : 'Choose a version'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
