import { Code, Group } from '@mantine/core';
import { CopyIconButton } from './CopyIconButton';

/** A shell command to run, in a code block with a copy button. */
export function CommandBlock({ command, label = 'Copy command' }: { command: string; label?: string }) {
  return (
    <Group gap={0} wrap="nowrap" align="stretch" style={{ position: 'relative' }}>
      <Code block flex={1} pr={44} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {command}
      </Code>
      <CopyIconButton value={command} label={label} style={{ position: 'absolute', top: 6, right: 6 }} />
    </Group>
  );
}
