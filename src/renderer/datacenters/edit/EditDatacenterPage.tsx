import { Alert, Anchor, Breadcrumbs, Card, Skeleton, Stack, Stepper, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { Link, useLocation } from 'wouter';
import { useDatacenter, useDatacentersSync } from '../../api/use-datacenters';
import { useDatacenterRun } from '../../api/use-datacenter-run';
import { ErrorAlert } from '../../components/ErrorAlert';
import { paths } from '../paths';
import { WhatStep } from '../wizard/WhatStep';
import { WizardStoreProvider, editDatacenterDraft } from '../wizard/wizard-store';
import { EditReviewStep } from './EditReviewStep';

/**
 * Edit a saved (usually deployed) datacenter (issue 12): the wizard's What step on a copy of its
 * settings, then the changes against what is deployed; applying saves and starts the run, which the
 * datacenter's page follows.
 */
export function EditDatacenterPage({ name }: { name: string }) {
  useDatacentersSync();
  const saved = useDatacenter(name);
  const run = useDatacenterRun(name, saved.isSuccess);
  const draft = editDatacenterDraft();
  const [, navigate] = useLocation();
  const mine = draft.savedAs === name;

  // a fresh copy of the saved settings, unless this datacenter's edit is already under way (reload)
  useEffect(() => {
    if (saved.data && !mine) draft.patch({ step: 'what', spec: saved.data, nameEdited: true, savedAs: name, nameError: null });
  }, [saved.data, mine, name, draft]);

  const leave = () => {
    draft.reset();
    navigate(paths.datacenter(name));
  };

  if (saved.isError) return <ErrorAlert error={saved.error} title={`Could not load ${name}`} maw={1200} mx="auto" />;
  if (!saved.data || !mine) return <Skeleton h={320} maw={1200} mx="auto" />;
  const running = run.snapshot?.outcome === 'running';
  const step = draft.step === 'review' ? 1 : 0;

  return (
    <Stack gap="lg" maw={1200} mx="auto">
      <Breadcrumbs>
        <Anchor component={Link} href={paths.list} size="sm">
          Datacenters
        </Anchor>
        <Anchor component={Link} href={paths.datacenter(name)} size="sm">
          {name}
        </Anchor>
        <Text size="sm">Edit</Text>
      </Breadcrumbs>
      <div>
        <Title order={2}>Edit {name}</Title>
        <Text c="dimmed" size="sm" mt={4}>
          Change what runs and how big it is. BCM shows what changes against what is deployed before it touches anything.
        </Text>
      </div>
      {running && (
        <Alert color="yellow" variant="light" title="A run is in progress">
          {name} is being changed right now. Wait for that run to finish before applying new settings.
        </Alert>
      )}
      <WizardStoreProvider value={editDatacenterDraft}>
        <Card padding="xl">
          <Stepper active={step} size="sm" contentPadding="xl" aria-label="Edit datacenter steps" allowNextStepsSelect={false} onStepClick={(i) => i === 0 && draft.patch({ step: 'what' })}>
            <Stepper.Step label="What" description="Chain, services, sizes">
              {step === 0 && <WhatStep backLabel="Cancel" onBack={leave} onNext={() => draft.patch({ step: 'review' })} />}
            </Stepper.Step>
            <Stepper.Step label="Review" description="The changes">
              {step === 1 && <EditReviewStep onBack={() => draft.patch({ step: 'what' })} onApplied={leave} />}
            </Stepper.Step>
          </Stepper>
        </Card>
      </WizardStoreProvider>
    </Stack>
  );
}
