import { Group, Paper, SimpleGrid, Text, TextInput } from '@mantine/core';

/** The 24 words in a numbered grid (four columns, read down each column in order). */
export function SeedGrid({ words }: { words: string[] }) {
  const rows = Math.ceil(words.length / 4);
  const order = Array.from({ length: words.length }, (_, i) => (i % 4) * rows + Math.floor(i / 4)).filter((i) => i < words.length);
  return (
    <Paper withBorder p="md" radius="md" data-testid="seed-words" style={{ userSelect: 'none' }}>
      <Group justify="space-between" mb="xs">
        <Text size="sm" fw={600}>
          Your 24 words
        </Text>
        {/* No copy button: clipboard managers and clipboard sync keep what is copied, and a seed must live on paper only. */}
        <Text size="xs" c="dimmed">
          Write them on paper. They cannot be copied.
        </Text>
      </Group>
      <SimpleGrid cols={4} spacing="xs" verticalSpacing={6}>
        {order.map((i) => (
          <Group key={i} gap={6} wrap="nowrap">
            <Text size="sm" c="dimmed" w={24} ta="right" ff="monospace">
              {i + 1}.
            </Text>
            <Text size="sm" ff="monospace" fw={600} data-testid={`seed-word-${i + 1}`}>
              {words[i]}
            </Text>
          </Group>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

/** Asks for the words at `positions` (0-based); the answers are compared by the caller. */
export function ConfirmWords({ positions, answers, onChange, words }: { positions: number[]; answers: string[]; onChange: (a: string[]) => void; words: string[] }) {
  return (
    <SimpleGrid cols={3} spacing="sm">
      {positions.map((p, k) => {
        const typed = (answers[k] ?? '').trim().toLowerCase();
        const wrong = typed.length > 0 && typed !== words[p];
        return (
          <TextInput
            key={p}
            label={`Word ${p + 1}`}
            value={answers[k] ?? ''}
            onChange={(e) => onChange(positions.map((_, j) => (j === k ? e.currentTarget.value : (answers[j] ?? ''))))}
            error={wrong ? 'Not this word' : undefined}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            data-testid={`confirm-word-${p + 1}`}
          />
        );
      })}
    </SimpleGrid>
  );
}

export const confirmed = (positions: number[], answers: string[], words: string[]): boolean =>
  positions.every((p, k) => (answers[k] ?? '').trim().toLowerCase() === words[p]);
