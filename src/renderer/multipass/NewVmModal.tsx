import { Alert, Button, Code, Group, Modal, ScrollArea, Skeleton, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconPlayerStop, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { VM_DEFAULTS, type LaunchJob, type VmRequest } from '../../shared/channels/multipass';
import type { Endpoint } from '../../shared/endpoints';
import { BcmError } from '../../shared/errors';
import { useEndpoints } from '../api/use-endpoints';
import { ErrorAlert } from '../components/ErrorAlert';
import { useCancelLaunch, useCreateVm, useLaunchJobs, useLaunchProgress, useMultipassDetection } from './api';
import { LaunchSteps } from './LaunchSteps';
import { mergeEvents, newJobId, outcomeOf, suggestVmName } from './lib';
import { MultipassUnavailable } from './MultipassUnavailable';
import { VmForm } from './VmForm';

/** form → launching (ours) or attached (a launch found running after a reload) → done / failed */
type Phase = { kind: 'form' } | { kind: 'launching' } | { kind: 'attached'; job: LaunchJob } | { kind: 'done'; endpoint: Endpoint } | { kind: 'failed'; error: unknown };

/**
 * "New VM on this computer": checks multipass, asks for the sizes, launches with live progress
 * and ends with a new endpoint (handed to `onCreated`). Self-contained: the wizard's Where step
 * opens it; any other page can. A launch keeps running in main if the page is reloaded; opening
 * the modal again offers to follow it.
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
  const jobs = useLaunchJobs(opened);
  const endpoints = useEndpoints();
  const create = useCreateVm();
  const cancel = useCancelLaunch();
  const [phase, setPhase] = useState<Phase>({ kind: 'form' });
  // the job id exists before Launch is pressed, so the progress stream is open before the first event
  const [jobId, setJobId] = useState(() => newJobId());
  const [draft, setDraft] = useState<VmRequest>(() => ({ name: suggestVmName(takenNames), ...VM_DEFAULTS }));
  const streamed = useLaunchProgress(opened ? jobId : null);
  const events = phase.kind === 'attached' ? mergeEvents(phase.job.events, streamed) : streamed;
  const running = jobs.data?.find((j) => !j.finished);

  // a followed launch ends when its events say so
  const attachedOutcome = phase.kind === 'attached' ? outcomeOf(events) : null;
  const attachedEndpoint = phase.kind === 'attached' ? endpoints.data?.find((e) => e.name === phase.job.name) : undefined;
  const launching = phase.kind === 'launching' || (phase.kind === 'attached' && attachedOutcome === null);
  const doneEndpoint = phase.kind === 'done' ? phase.endpoint : attachedOutcome?.kind === 'done' ? attachedEndpoint : undefined;
  const failure = phase.kind === 'failed' ? phase.error : attachedOutcome?.kind === 'failed' ? BcmError.fromShape(attachedOutcome.error) : undefined;
  const failureDetail = failure instanceof BcmError ? (failure.detail ?? {}) : {};
  const cancelled = failure instanceof BcmError && failure.code === 'CANCELLED';
  const log = typeof failureDetail.log === 'string' ? failureDetail.log : undefined;
  const field = typeof failureDetail.field === 'string' && failure instanceof BcmError ? { field: failureDetail.field, message: failure.message } : undefined;
  const summaryName = phase.kind === 'attached' ? phase.job.name : draft.name;

  const launch = () => {
    setPhase({ kind: 'launching' });
    create.mutate(
      { ...draft, jobId },
      {
        onSuccess: ({ endpoint }) => {
          setPhase({ kind: 'done', endpoint });
          onCreated?.(endpoint);
        },
        onError: (error) => setPhase({ kind: 'failed', error }),
      },
    );
  };

  const follow = (job: LaunchJob) => {
    setJobId(job.jobId);
    setPhase({ kind: 'attached', job });
  };

  const reset = (taken: string[]) => {
    setJobId(newJobId());
    setPhase({ kind: 'form' });
    setDraft((d) => ({ ...d, name: taken.includes(d.name) ? suggestVmName(taken) : d.name }));
    void jobs.refetch();
    void detection.refetch();
  };

  const close = () => {
    if (launching) return;
    if (phase.kind !== 'form') {
      if (doneEndpoint && phase.kind === 'attached') onCreated?.(doneEndpoint);
      reset(doneEndpoint ? [...takenNames, doneEndpoint.name] : takenNames);
    }
    onClose();
  };

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
          {running !== undefined && (
            <Alert color="blue" variant="light" icon={<IconRefresh size={18} />} title={`A VM is being launched: ${running.name}`}>
              <Group justify="space-between" gap="sm">
                <Text size="sm">It kept running while this page was away.</Text>
                <Button size="xs" variant="light" onClick={() => follow(running)}>
                  Show its progress
                </Button>
              </Group>
            </Alert>
          )}
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
            {phase.kind === 'attached'
              ? summaryName
              : `${summaryName}: ${draft.cpus} vCPUs, ${draft.memoryGiB} GiB memory, ${draft.diskGiB} GiB disk, Ubuntu ${draft.image === 'lts' ? 'LTS' : draft.image}`}
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

          {doneEndpoint !== undefined && (
            <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title={`${doneEndpoint.name} is ready`} data-testid="vm-ready">
              <Text size="sm">
                The VM is now the endpoint <b>{doneEndpoint.name}</b> at https://{doneEndpoint.address}, its certificate pinned. Stop, start or
                delete it from its card on the Endpoints page.
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
                <Code block data-testid="cloud-init-log" fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  {log}
                </Code>
              </ScrollArea.Autosize>
            </Stack>
          )}
          {failureDetail.reason === 'no-virtualization' && onUseLocalLxd && (
            <Button variant="light" onClick={() => (close(), onUseLocalLxd())}>
              Use this computer’s LXD instead
            </Button>
          )}

          {!launching && (
            <Group justify="flex-end" gap="sm">
              {failure !== undefined && (
                <Button variant="default" onClick={() => reset(takenNames)}>
                  Back to the settings
                </Button>
              )}
              <Button onClick={close} variant={doneEndpoint !== undefined ? 'filled' : 'default'}>
                {doneEndpoint !== undefined ? 'Done' : 'Close'}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Modal>
  );
}
