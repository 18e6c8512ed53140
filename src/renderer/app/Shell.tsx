import { AppShell, Burger, Group, NavLink } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconServer2 } from '@tabler/icons-react';
import { EndpointsPage } from '../endpoints/EndpointsPage';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { BANNER_HEIGHT, ConnectionBanner, useBannerVisible } from './ConnectionBanner';
import { Logo } from './Logo';
import { NavFooter } from './NavFooter';

const HEADER_HEIGHT = 60;

export function Shell() {
  const [navOpened, { toggle, close }] = useDisclosure(false);
  const banner = useBannerVisible();
  return (
    <AppShell
      header={{ height: HEADER_HEIGHT + (banner ? BANNER_HEIGHT : 0) }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding={{ base: 'md', md: 'xl' }}
    >
      <AppShell.Header>
        <ConnectionBanner />
        <Group h={HEADER_HEIGHT} px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Logo />
          </Group>
          <ColorSchemeToggle />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm">
        <AppShell.Section grow>
          <NavLink
            component="button"
            active
            label="Endpoints"
            description="LXD servers"
            leftSection={<IconServer2 size={20} stroke={1.6} />}
            onClick={close}
            variant="light"
            styles={{ root: { borderRadius: 'var(--mantine-radius-md)' } }}
          />
        </AppShell.Section>
        <AppShell.Section px="xs" pb="xs">
          <NavFooter />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <EndpointsPage />
      </AppShell.Main>
    </AppShell>
  );
}
