import { Modal, Stepper, Text } from '@mantine/core';
import { useShallow } from 'zustand/react/shallow';
import { stepIndex, wizardSteps } from '../../lib/wizard-errors';
import { CredentialsStep } from './CredentialsStep';
import { ServerStep } from './ServerStep';
import { VerifyStep } from './VerifyStep';
import { useAddRemoteWizard } from './wizard-store';

/** Add a remote LXD server: address or token -> verify the certificate -> credential and name. */
export function AddRemoteModal({
  opened,
  onClose,
  takenNames,
}: {
  opened: boolean;
  onClose: () => void;
  takenNames: string[];
}) {
  const { step, patch, dropSecrets } = useAddRemoteWizard(
    useShallow((s) => ({ step: s.step, patch: s.patch, dropSecrets: s.dropSecrets })),
  );
  const active = stepIndex(step);

  const close = () => {
    dropSecrets();
    onClose();
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      size="xl"
      title={
        <Text fw={650} size="lg">
          Add a remote LXD server
        </Text>
      }
      closeOnClickOutside={false}
    >
      <Stepper
        active={active}
        onStepClick={(index) => {
          const target = wizardSteps[index];
          if (target !== undefined && index < active) patch({ step: target });
        }}
        allowNextStepsSelect={false}
        size="sm"
        mt="xs"
      >
        <Stepper.Step label="Server" description="Address or trust token">
          <ServerStep takenNames={takenNames} />
        </Stepper.Step>
        <Stepper.Step label="Verify" description="Check the certificate">
          <VerifyStep />
        </Stepper.Step>
        <Stepper.Step label="Connect" description="Credential and name">
          <CredentialsStep takenNames={takenNames} onDone={close} />
        </Stepper.Step>
      </Stepper>
    </Modal>
  );
}
