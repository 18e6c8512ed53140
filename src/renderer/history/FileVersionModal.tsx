import { Alert, Code, Loader, Modal, ScrollArea, Text } from '@mantine/core';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFileAt } from './api';
import { shortOid } from './lib';

/** One file as it was at a commit (read-only). */
export function FileVersionModal({ oid, path, onClose }: { oid: string | null; path: string | null; onClose: () => void }) {
  const file = useFileAt(oid, path);
  return (
    <Modal opened={oid !== null && path !== null} onClose={onClose} size="xl" title={path && oid ? `${path} at ${shortOid(oid)}` : ''}>
      {file.isPending && <Loader size="sm" />}
      {file.isError && <ErrorAlert error={file.error} />}
      {file.data && !file.data.exists && <Text size="sm">This file did not exist at that point.</Text>}
      {file.data?.exists && file.data.binary && <Alert color="gray">A binary file; it can be restored but not shown.</Alert>}
      {file.data?.exists && !file.data.binary && (
        <ScrollArea.Autosize mah="60vh" type="auto">
          <Code block data-testid="file-version">
            {file.data.text}
          </Code>
        </ScrollArea.Autosize>
      )}
    </Modal>
  );
}
