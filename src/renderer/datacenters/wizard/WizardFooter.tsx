import { Divider, Group } from '@mantine/core';
import type { ReactNode } from 'react';

/** Back on the left, the step's main action on the right. */
export function WizardFooter({ back, next }: { back?: ReactNode; next?: ReactNode }) {
  return (
    <>
      <Divider mt="xl" mb="md" />
      <Group justify="space-between">
        <div>{back}</div>
        <Group gap="sm">{next}</Group>
      </Group>
    </>
  );
}
