import { Center, List, Paper, Stack, Text, Title } from '@mantine/core';
import { CommandBlock } from '../components/CommandBlock';
import { LogoMark } from './Logo';

/** Shown in a browser when the page was opened without the host's access token. */
export function NoTokenPage() {
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder radius="lg" p="xl" maw={560} w="100%" shadow="sm">
        <Stack gap="md">
          <LogoMark size={44} />
          <Title order={2}>Open BCM from its link</Title>
          <Text c="dimmed">
            This page needs the private link the BCM host prints when it starts. The link carries a one-time access
            token, so only you can use the control panel.
          </Text>
          <List type="ordered" spacing="xs">
            <List.Item>In a terminal, in the Bitcoin Cache Machine folder, start the host:</List.Item>
          </List>
          <CommandBlock command="npm run host" />
          <List type="ordered" spacing="xs" start={2}>
            <List.Item>
              Open the address it prints after{' '}
              <Text span ff="monospace">
                BCM_HOST_URL=
              </Text>{' '}
              (it looks like{' '}
              <Text span ff="monospace" size="sm">
                http://127.0.0.1:PORT/#token=…
              </Text>
              ). Each link opens BCM once; for another tab or browser, press Enter in that terminal for a new link.
            </List.Item>
          </List>
        </Stack>
      </Paper>
    </Center>
  );
}
