import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <Stack gap={4} style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.05em' }}>
        {label}
      </Text>
      <Text size="sm" fw={500} truncate>
        {value}
      </Text>
      {hint !== undefined && (
        <Text size="xs" c="dimmed" truncate>
          {hint}
        </Text>
      )}
    </Stack>
  );
}
