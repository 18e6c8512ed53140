import { Group, Radio, Text } from '@mantine/core';

/** One option of a wizard choice (a Mantine Radio.Card): its title and a line on what it means. */
export function ChoiceCard({ value, title, line, testId }: { value: string; title: string; line: string; testId: string }) {
  return (
    <Radio.Card value={value} p="sm" radius="md" aria-label={title} data-testid={testId}>
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <Radio.Indicator mt={2} />
        <div>
          <Text fw={600} size="sm">
            {title}
          </Text>
          <Text size="xs" c="dimmed">
            {line}
          </Text>
        </div>
      </Group>
    </Radio.Card>
  );
}
