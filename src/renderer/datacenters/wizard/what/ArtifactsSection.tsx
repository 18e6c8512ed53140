import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  FileButton,
  Group,
  JsonInput,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconFileImport, IconTrash, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { CopyIconButton } from '../../../components/CopyIconButton';
import { artifactsUsed } from '../../lib/draft';
import { overrideRows, parseOverrides, shortHash } from '../../lib/overrides';
import type { SectionProps } from './types';

/**
 * Advanced: artifacts supplied locally (air-gapped installs, or binaries built from source) in
 * place of the catalog's downloads — an overrides.json as `scripts/build-test-artifacts.sh` writes it.
 */
export function ArtifactsSection({ spec, edit, errors }: SectionProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const rows = overrideRows(spec.artifacts, artifactsUsed(spec));

  const importText = (value: string) => {
    const parsed = parseOverrides(value);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    setText('');
    edit((s) => ({ ...s, artifacts: { ...s.artifacts, ...parsed.overrides } }));
  };

  const importFile = (file: File | null) => {
    if (file === null) return;
    file.text().then(importText, (err: unknown) => setError(`Could not read ${file.name}: ${String(err)}`));
  };

  const artifactError = Object.entries(errors).find(([path]) => path.startsWith('artifacts'))?.[1];

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Use artifacts from the local cache instead of downloading releases: paste an <code>overrides.json</code> (name,
        version and SHA-256 of each tarball in the pre-seeded cache) or choose the file. BCM still verifies every hash.
      </Text>
      <JsonInput
        label="overrides.json"
        placeholder={'{\n  "btcd": { "version": "0.24.2-localbuild", "sha256": "…" }\n}'}
        // A fixed height (the text scrolls inside): a field that grew with its text moved the Import
        // button under the pointer while a pasted file laid out, so a click could miss it.
        rows={8}
        value={text}
        onChange={setText}
        error={error}
        // Mantine checks the JSON when the field loses focus; without this text it only turned red
        validationError="This is not valid JSON: check the quotes, commas and brackets, or choose the file instead."
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
      />
      <Group gap="sm">
        <Button
          size="xs"
          leftSection={<IconFileImport size={14} />}
          disabled={text.trim() === ''}
          onClick={() => importText(text)}
        >
          Import
        </Button>
        <FileButton onChange={importFile} accept="application/json,.json">
          {(props) => (
            <Button size="xs" variant="default" leftSection={<IconUpload size={14} />} {...props}>
              Choose file…
            </Button>
          )}
        </FileButton>
        {rows.length > 0 && (
          <Button size="xs" variant="subtle" color="red" onClick={() => edit((s) => ({ ...s, artifacts: {} }))}>
            Remove all
          </Button>
        )}
      </Group>
      {artifactError !== undefined && (
        <Alert color="red" variant="light" p="xs">
          {artifactError}
        </Alert>
      )}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing={6} data-testid="artifact-overrides">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>SHA-256</Table.Th>
                <Table.Th w={40} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.name}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" ff="monospace">
                        {row.name}
                      </Text>
                      {row.unused && (
                        <Tooltip label="No component of this datacenter installs it">
                          <Badge size="xs" variant="default">
                            unused
                          </Badge>
                        </Tooltip>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{row.version}</Text>
                    {row.replaces !== undefined && (
                      <Text size="xs" c="dimmed">
                        instead of release {row.replaces}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Tooltip label={row.sha256} maw={520} multiline>
                        <Text size="sm" ff="monospace">
                          {shortHash(row.sha256)}
                        </Text>
                      </Tooltip>
                      <CopyIconButton value={row.sha256} label={`Copy the SHA-256 of ${row.name}`} />
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Remove ${row.name}`}
                      onClick={() =>
                        edit((s) => {
                          const artifacts = { ...s.artifacts };
                          delete artifacts[row.name];
                          return { ...s, artifacts };
                        })
                      }
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
