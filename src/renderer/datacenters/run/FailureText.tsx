import { Spoiler, Stack, Text } from '@mantine/core';
import { RichMessage } from '../../components/RichMessage';
import { explainDeployFailure } from '../lib/deploy-errors';

/**
 * A failure as people read it: a known one in a sentence with the next step, and LXD's own text
 * under "Details"; anything else as it came.
 */
export function FailureText({ message }: { message: string }) {
  const explained = explainDeployFailure(message);
  if (!explained) return <RichMessage text={message} />;
  return (
    <Stack gap={4} data-failure-kind={explained.kind}>
      <Text size="sm" fw={500}>
        {explained.sentence}
      </Text>
      <Text size="sm">{explained.nextStep}</Text>
      <Spoiler maxHeight={0} showLabel="Details" hideLabel="Hide details" styles={{ control: { fontSize: 'var(--mantine-font-size-xs)' } }}>
        <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
          {message}
        </Text>
      </Spoiler>
    </Stack>
  );
}
