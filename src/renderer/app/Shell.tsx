import { AppShell, Burger, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Router } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { BANNER_HEIGHT, ConnectionBanner, useBannerVisible } from './ConnectionBanner';
import { Logo } from './Logo';
import { NavFooter } from './NavFooter';
import { NavLinks, Pages } from './nav';
import { ConsoleDock } from '../terminal/ConsoleDock';
import { StoreChangedSync } from '../backup/api';
import { AlertsSync } from '../alerts/api';
import { ConsoleNavLink } from '../terminal/ConsoleNavLink';

const HEADER_HEIGHT = 60;

export function Shell() {
  const [navOpened, { toggle, close }] = useDisclosure(false);
  const banner = useBannerVisible();
  return (
    <Router hook={useHashLocation}>
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
            <NavLinks onNavigate={close} />
            <ConsoleNavLink onNavigate={close} />
          </AppShell.Section>
          <AppShell.Section px="xs" pb="xs">
            <NavFooter />
          </AppShell.Section>
        </AppShell.Navbar>

        <AppShell.Main>
          <StoreChangedSync />
          <AlertsSync />
          <Pages />
          <ConsoleDock />
        </AppShell.Main>
      </AppShell>
    </Router>
  );
}
