import { Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { CopyIconButton } from '../CopyIconButton';

/** An onion address (with its port, when one is shown) to read and copy; `children` follow it (e.g. port badges). */
export function OnionAddress({ address, port, testId, dimmed = false, children }: { address: string; port?: number; testId: string; dimmed?: boolean; children?: ReactNode }) {
  return (
    <Group gap={4} wrap={children ? 'wrap' : 'nowrap'}>
      <Text ff="monospace" size="sm" {...(dimmed ? { c: 'dimmed' } : {})} style={{ wordBreak: 'break-all' }} data-testid={testId}>
        {address}
        {port !== undefined ? `:${port}` : ''}
      </Text>
      <CopyIconButton value={address} label="Copy onion address" />
      {children}
    </Group>
  );
}
