import { Alert, Anchor, Button, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconRocket } from '@tabler/icons-react';
import type { MultipassDetection, VmRequest } from '../../shared/channels/multipass';
import { VM_DEFAULTS, vmImages } from '../../shared/channels/multipass';
import { formatBytes } from '../lib/format';
import { hostLimits, vmNameProblem } from './lib';

const asInt = (v: number | string, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : fallback);

/** Name, sizes and image of the new VM, with what this computer can give. */
export function VmForm({
  detection,
  value,
  onChange,
  takenNames,
  fieldError,
  onCancel,
  onLaunch,
}: {
  detection: MultipassDetection;
  value: VmRequest;
  onChange: (next: VmRequest) => void;
  takenNames: string[];
  /** a field main refused (from the last attempt) */
  fieldError?: { field: string; message: string } | undefined;
  onCancel: () => void;
  onLaunch: () => void;
}) {
  const host = detection.host;
  const limits = hostLimits(host);
  const nameProblem = vmNameProblem(value.name, takenNames);
  const errorFor = (field: string) => (fieldError?.field === field ? fieldError.message : undefined);
  const tooMuchMemory = value.memoryGiB > limits.memoryGiB;
  const tooMuchDisk = limits.diskGiB !== null && value.diskGiB > limits.diskGiB;
  const isDefault = value.cpus === VM_DEFAULTS.cpus && value.memoryGiB === VM_DEFAULTS.memoryGiB && value.diskGiB === VM_DEFAULTS.diskGiB && value.image === VM_DEFAULTS.image;
  const blocked = nameProblem !== null || tooMuchMemory || tooMuchDisk;

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!blocked) onLaunch();
      }}
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          BCM asks multipass for an Ubuntu VM, installs LXD and Tor in it, and enrols this computer with a one-time trust token. The VM then
          appears as an endpoint you can deploy a datacenter to.
        </Text>
        <TextInput
          label="Name"
          description="The VM’s name in multipass, and the endpoint’s name in BCM"
          value={value.name}
          onChange={(e) => onChange({ ...value, name: e.currentTarget.value.trim().toLowerCase() })}
          error={(value.name.length > 0 ? nameProblem : null) ?? errorFor('name')}
          data-autofocus
          spellCheck={false}
          autoComplete="off"
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            label="vCPUs"
            description={`This computer has ${host.cpus}`}
            min={1}
            max={64}
            clampBehavior="strict"
            allowDecimal={false}
            value={value.cpus}
            onChange={(v) => onChange({ ...value, cpus: asInt(v, 1) })}
          />
          <NumberInput
            label="Memory"
            suffix=" GiB"
            description={`At most ${limits.memoryGiB} GiB (of ${formatBytes(host.memoryBytes, 0)})`}
            min={1}
            max={512}
            clampBehavior="strict"
            allowDecimal={false}
            value={value.memoryGiB}
            onChange={(v) => onChange({ ...value, memoryGiB: asInt(v, 1) })}
            error={tooMuchMemory ? `This computer can give at most ${limits.memoryGiB} GiB` : errorFor('memoryGiB')}
          />
          <NumberInput
            label="Disk"
            suffix=" GiB"
            description={limits.diskGiB === null ? 'Free space unknown' : `${formatBytes(host.freeDiskBytes ?? 0, 0)} free`}
            min={10}
            max={4096}
            clampBehavior="blur"
            allowDecimal={false}
            value={value.diskGiB}
            onChange={(v) => onChange({ ...value, diskGiB: asInt(v, 10) })}
            error={tooMuchDisk ? `At most ${limits.diskGiB} GiB: 2 GiB stay free` : errorFor('diskGiB')}
          />
        </SimpleGrid>
        <Select
          label="Image"
          data={vmImages.map((i) => ({ value: i.value, label: i.label }))}
          value={value.image}
          onChange={(v) => {
            const image = vmImages.find((i) => i.value === v)?.value;
            if (image) onChange({ ...value, image });
          }}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        {value.cpus > host.cpus && (
          <Alert variant="light" color="yellow" icon={<IconAlertTriangle size={16} />} p="xs">
            <Text size="sm">
              {value.cpus} vCPUs on a computer with {host.cpus}: they share the real ones. Fine for BCM, slower under load.
            </Text>
          </Alert>
        )}
        <Group justify="space-between" mt="xs">
          <Text size="xs" c="dimmed">
            Defaults: {VM_DEFAULTS.cpus} vCPUs, {VM_DEFAULTS.memoryGiB} GiB memory, {VM_DEFAULTS.diskGiB} GiB disk, Ubuntu LTS.{' '}
            {!isDefault && (
              <Anchor component="button" type="button" size="xs" onClick={() => onChange({ ...value, ...VM_DEFAULTS })}>
                Use the defaults
              </Anchor>
            )}
          </Text>
          <Group gap="sm">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" leftSection={<IconRocket size={16} />} disabled={blocked}>
              Launch VM
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
