import { Button, Card, Group, Stack, Stepper, Text, Title } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useLocation } from 'wouter';
import { useDatacentersSync } from '../../api/use-datacenters';
import { paths } from '../paths';
import { DeployStep } from './DeployStep';
import { DoneStep } from './DoneStep';
import { ReviewStep } from './ReviewStep';
import { WhatStep } from './WhatStep';
import { WhereStep } from './WhereStep';
import { useDatacenterWizard, wizardSteps, type WizardStep } from './wizard-store';

const labels: Record<WizardStep, { label: string; description: string }> = {
  where: { label: 'Where', description: 'Choose an endpoint' },
  what: { label: 'What', description: 'Chain and services' },
  review: { label: 'Review', description: 'See the plan' },
  deploy: { label: 'Deploy', description: 'Create it' },
  done: { label: 'Done', description: 'Up and running' },
};

/** The new-datacenter wizard: Where → What → Review → Deploy → Done. */
export function NewDatacenterPage() {
  useDatacentersSync();
  const step = useDatacenterWizard((s) => s.step);
  const patch = useDatacenterWizard((s) => s.patch);
  const reset = useDatacenterWizard((s) => s.reset);
  const [, navigate] = useLocation();
  // on Done every step, Done included, shows as completed
  const active = step === 'done' ? wizardSteps.length : wizardSteps.indexOf(step);
  const deploying = active >= wizardSteps.indexOf('deploy');
  const go = (next: WizardStep) => patch({ step: next });

  const cancel = () => {
    reset();
    navigate(paths.list);
  };

  return (
    <Stack gap="lg" maw={1200} mx="auto">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={2}>New datacenter</Title>
          <Text c="dimmed" size="sm" mt={4}>
            Choose where and what. BCM shows you the plan before it creates anything.
          </Text>
        </div>
        {!deploying && (
          <Button variant="subtle" color="gray" leftSection={<IconX size={16} />} onClick={cancel}>
            Discard
          </Button>
        )}
      </Group>
      <Card padding="xl">
        <Stepper
          active={active}
          onStepClick={(index) => {
            const target = wizardSteps[index];
            if (target !== undefined && !deploying && index < active) go(target);
          }}
          allowNextStepsSelect={false}
          size="sm"
          contentPadding="xl"
          aria-label="New datacenter steps"
        >
          {wizardSteps.map((s) => (
            <Stepper.Step
              key={s}
              label={labels[s].label}
              description={labels[s].description}
              allowStepSelect={!deploying && wizardSteps.indexOf(s) < active}
            >
              {s === 'where' && step === 'where' && <WhereStep onNext={() => go('what')} onCancel={cancel} />}
              {s === 'what' && step === 'what' && <WhatStep onBack={() => go('where')} onNext={() => go('review')} />}
              {s === 'review' && step === 'review' && (
                <ReviewStep onBack={() => go('what')} onDeployed={() => go('deploy')} />
              )}
              {s === 'deploy' && step === 'deploy' && (
                <DeployStep onBack={() => go('what')} onDone={() => go('done')} />
              )}
            </Stepper.Step>
          ))}
          <Stepper.Completed>
            <DoneStep onFinish={reset} />
          </Stepper.Completed>
        </Stepper>
      </Card>
    </Stack>
  );
}
