import { Alert, Button, Code, Group, Modal, ScrollArea, Skeleton, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconPlayerStop } from '@tabler/icons-react';
import { useState } from 'react';
import { VM_DEFAULTS, type VmRecord, type VmRequest } from '../../shared/channels/multipass';
import type { Endpoint } from '../../shared/endpoints';
import { BcmError } from '../../shared/errors';
import { ErrorAlert } from '../components/ErrorAlert';
import { useCancelLaunch, useCreateVm, useLaunchProgress, useMultipassDetection } from './api';
import { LaunchSteps } from './LaunchSteps';
import { newJobId, suggestVmName } from './lib';
import { MultipassUnavailable } from './MultipassUnavailable';
import { VmForm } from './VmForm';

type Phase = { kind: 'form' } | { kind: 'launching' } | { kind: 'done'; vm: VmRecord; endpoint: Endpoint } | { kind: 'failed'; error: unknown };

function detailOf(error: unknown): Record<string, unknown> {
  return error instanceof BcmError ? (error.detail ?? {}) : {};
}

/**
 * "New VM on this computer": checks multipass, asks for the sizes, launches with live progress
 * and ends with a new endpoint (handed to `onCreated`). Self-contained: the wizard's Where step
 * and the Endpoints page open the same modal.
 */
export function NewVmModal({
  opened,
  onClose,
  onCreated,
  takenNames,
  onUseLocalLxd,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated?: (endpoint: Endpoint) => void;
  takenNames: string[];
  onUseLocalLxd?: () => void;
}) {
  const detection = useMultipassDetection(opened);
  const create = useCreateVm();
  const cancel = useCancelLaunch();
  const [phase, setPhase] = useState<Phase>({ kind: 'form' });
  // the job id exists before Launch is pressed, so the progress stream is open before the first event
  const [jobId, setJobId] = useState(() => newJobId());
  const [draft, setDraft] = useState<VmRequest>(() => ({ name: suggestVmName(takenNames), ...VM_DEFAULTS }));
  const events = useLaunchProgress(opened ? jobId : null);
  const launching = phase.kind === 'launching';

  const launch = () => {
    setPhase({ kind: 'launching' });
    create.mutate(
      { ...draft, jobId },
      {
        onSuccess: ({ vm, endpoint }) => {
          setPhase({ kind: 'done', vm, endpoint });
          onCreated?.(endpoint);
        },
        onError: (error) => setPhase({ kind: 'failed', error }),
      },
    );
  };

  const backToForm = () => {
    setJobId(newJobId());
    setPhase({ kind: 'form' });
    void detection.refetch();
  };

  const close = () => {
    if (launching) return;
    if (phase.kind !== 'form') {
      setJobId(newJobId());
      setPhase({ kind: 'form' });
      setDraft({ name: suggestVmName(phase.kind === 'done' ? [...takenNames, phase.endpoint.name] : takenNames), ...VM_DEFAULTS });
    }
    onClose();
  };

  const failure = phase.kind === 'failed' ? phase.error : undefined;
  const failureDetail = detailOf(failure);
  const cancelled = failure instanceof BcmError && failure.code === 'CANCELLED';
  const log = typeof failureDetail.log === 'string' ? failureDetail.log : undefined;
  const field = typeof failureDetail.field === 'string' && failure instanceof BcmError ? { field: failureDetail.field, message: failure.message } : undefined;

  return (
    <Modal
      opened={opened}
      onClose={close}
      size="xl"
      closeOnClickOutside={false}
      closeOnEscape={!launching}
      withCloseButton={!launching}
      title={
        <Text fw={650} size="lg">
          New VM on this computer
        </Text>
      }
    >
      {phase.kind === 'form' && (
        <Stack gap="md">
          {detection.isPending && <Skeleton h={220} radius="md" />}
          {detection.isError && <ErrorAlert error={detection.error} title="Could not check for multipass" />}
          {detection.data && detection.data.state !== 'ready' && (
            <MultipassUnavailable
              detection={detection.data}
              rechecking={detection.isFetching}
              onRecheck={() => void detection.refetch()}
              onUseLocalLxd={
                onUseLocalLxd
                  ? () => {
                      close();
                      onUseLocalLxd();
                    }
                  : undefined
              }
            />
          )}
          {detection.data?.state === 'ready' && (
            <>
              <Text size="xs" c="dimmed" data-testid="multipass-version">
                Multipass {detection.data.version} ({detection.data.path})
              </Text>
              <VmForm detection={detection.data} value={draft} onChange={setDraft} takenNames={takenNames} fieldError={field} onCancel={close} onLaunch={launch} />
            </>
          )}
        </Stack>
      )}

      {phase.kind !== 'form' && (
        <Stack gap="lg">
          <Text size="sm" c="dimmed">
            {draft.name}: {draft.cpus} vCPUs, {draft.memoryGiB} GiB memory, {draft.diskGiB} GiB disk, Ubuntu {draft.image === 'lts' ? 'LTS' : draft.image}
          </Text>
          <LaunchSteps events={events} />

          {launching && (
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                A first launch downloads the Ubuntu image; setting up LXD inside takes a few minutes more.
              </Text>
              <Button color="red" variant="light" leftSection={<IconPlayerStop size={16} />} loading={cancel.isPending} onClick={() => cancel.mutate(jobId)}>
                Cancel launch
              </Button>
            </Group>
          )}

          {phase.kind === 'done' && (
            <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title={`${phase.endpoint.name} is ready`} data-testid="vm-ready">
              <Text size="sm">
                The VM is now the endpoint <b>{phase.endpoint.name}</b> at https://{phase.endpoint.address}, its certificate pinned. Stop, start
                or delete it from its card on the Endpoints page.
              </Text>
            </Alert>
          )}

          {failure !== undefined &&
            (cancelled ? (
              <Alert color="gray" variant="light" title="Launch cancelled">
                The VM and everything made for it were removed; nothing is left half-done.
              </Alert>
            ) : (
              <ErrorAlert error={failure} title="The VM could not be set up" />
            ))}
          {log !== undefined && (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                The end of cloud-init’s log in the VM
              </Text>
              <ScrollArea.Autosize mah={220} type="auto">
                <Code block data-testid="cloud-init-log" fz="xs">
                  {log}
                </Code>
              </ScrollArea.Autosize>
            </Stack>
          )}
          {failure !== undefined && failureDetail.reason === 'no-virtualization' && onUseLocalLxd && (
            <Button variant="light" onClick={() => (close(), onUseLocalLxd())}>
              Use this computer’s LXD instead
            </Button>
          )}

          {!launching && (
            <Group justify="flex-end" gap="sm">
              {phase.kind === 'failed' && (
                <Button variant="default" onClick={backToForm}>
                  Back to the settings
                </Button>
              )}
              <Button onClick={close} variant={phase.kind === 'done' ? 'filled' : 'default'}>
                {phase.kind === 'done' ? 'Done' : 'Close'}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Modal>
  );
}
