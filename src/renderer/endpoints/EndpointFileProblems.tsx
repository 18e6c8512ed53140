import { Alert, List, Text } from '@mantine/core';
import { IconFileAlert } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/context';
import { queryKeys } from '../api/query-keys';

/**
 * Endpoint files that cannot be read, each named with its reason. The other endpoints are listed as
 * usual: one bad file does not hide them. BCM never repairs or deletes such a file by itself.
 */
export function EndpointFileProblems() {
  const api = useApi();
  const problems = useQuery({
    queryKey: [...queryKeys.endpoints, 'problems'],
    queryFn: () => api.invoke('endpoints.problems', {}),
    staleTime: 10_000,
  });
  const list = problems.data ?? [];
  if (list.length === 0) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconFileAlert size={18} />} title={list.length === 1 ? 'One endpoint file cannot be read' : `${list.length} endpoint files cannot be read`} data-testid="endpoint-file-problems">
      <List size="sm" spacing={4}>
        {list.map((p) => (
          <List.Item key={p.file}>
            <Text size="sm" span ff="monospace">
              {p.file}
            </Text>
            <Text size="sm" span>
              {' '}
              — {p.message}
            </Text>
          </List.Item>
        ))}
      </List>
      <Text size="xs" c="dimmed" mt="xs">
        Fix the file by hand, restore it from History, or remove it; the other endpoints work as usual.
      </Text>
    </Alert>
  );
}
