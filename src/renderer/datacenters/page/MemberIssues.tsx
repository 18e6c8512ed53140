import { Alert, List, Text } from '@mantine/core';
import { IconServerOff } from '@tabler/icons-react';
import { catalog } from '../../../shared/datacenter/catalog';
import type { MemberIssue } from '../../../shared/datacenter/plan';

const what: Record<string, string> = {
  Offline: 'is offline: LXD has not heard from it',
  Evacuated: 'is evacuated: LXD stopped what ran there and places nothing new on it',
  Blocked: 'is blocked: it runs another LXD version than the rest of the cluster',
};

/**
 * On a cluster (issue 14): a member that is not online, and the components of this datacenter it
 * holds, with what to do.
 */
export function MemberIssues({ issues, endpoint }: { issues: MemberIssue[]; endpoint: string }) {
  if (issues.length === 0) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconServerOff size={18} />} title="Cluster members need attention" mb="sm" data-testid="member-issues">
      <List size="sm" spacing={4}>
        {issues.map((i) => (
          <List.Item key={i.member} data-testid={`member-issue-${i.member}`}>
            Member <b>{i.member}</b> {what[i.status] ?? `is ${i.status.toLowerCase()}`}
            {i.message ? ` (${i.message})` : ''}. Affected: {i.components.map((k) => catalog[k].title).join(', ')} ({i.containers.join(', ')}).
          </List.Item>
        ))}
      </List>
      <Text size="xs" c="dimmed" mt="xs">
        {issues.some((i) => i.status === 'Evacuated')
          ? `Restore the member on the Endpoints page (${endpoint}) to start them again, or place the components on another member in Edit.`
          : `Start LXD on the member again; its containers start with it. Or place the components on another member in Edit once it answers.`}
      </Text>
    </Alert>
  );
}
