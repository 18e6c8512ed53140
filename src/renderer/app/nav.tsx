import { NavLink } from '@mantine/core';
import { IconActivityHeartbeat, IconArchive, IconBell, IconHistory, IconServer2, IconStack2, IconWorldCode, type Icon } from '@tabler/icons-react';
import { AlertsNavBadge, AlertsPage } from '../alerts/AlertsPage';
import type { ComponentType } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { BackupPage } from '../backup/BackupPage';
import { HistoryPage } from '../history/HistoryPage';
import { DatacentersRoutes } from '../datacenters/DatacentersRoutes';
import { DashboardsRoutes } from '../dashboards/DashboardsRoutes';
import { EndpointsPage } from '../endpoints/EndpointsPage';
import { TorPage } from '../tor/TorPage';

/**
 * The app's pages: one entry per navbar item. Routing is by location hash (`#/datacenters/home`)
 * so a reload keeps the page, in Electron and in the browser host alike. A page's component is
 * mounted nested under its path (its own routes are relative to it). Add a page with one entry.
 */
export interface NavPage {
  path: string;
  label: string;
  description: string;
  icon: Icon;
  component: ComponentType;
  /** shown at the item's right (a count) */
  badge?: ComponentType;
}

export const navPages: NavPage[] = [
  { path: '/endpoints', label: 'Endpoints', description: 'LXD servers', icon: IconServer2, component: EndpointsPage },
  { path: '/datacenters', label: 'Datacenters', description: 'Bitcoin stacks', icon: IconStack2, component: DatacentersRoutes },
  { path: '/alerts', label: 'Alerts', description: 'When something breaks', icon: IconBell, component: AlertsPage, badge: AlertsNavBadge },
  { path: '/dashboards', label: 'Dashboards', description: 'Node and Lightning, live', icon: IconActivityHeartbeat, component: DashboardsRoutes },
  { path: '/backup', label: 'Backup', description: 'Back up and restore ~/.bcm', icon: IconArchive, component: BackupPage },
  { path: '/history', label: 'History', description: 'Every change to ~/.bcm', icon: IconHistory, component: HistoryPage },
  { path: '/tor', label: 'Tor', description: 'Onion access, no open port', icon: IconWorldCode, component: TorPage },
];

const home = navPages[0]?.path ?? '/';

function isActive(location: string, path: string): boolean {
  return location === path || location.startsWith(`${path}/`);
}

export function NavLinks({ onNavigate }: { onNavigate: () => void }) {
  const [location] = useLocation();
  return navPages.map((page) => {
    const active = isActive(location, page.path);
    return (
      <NavLink
        key={page.path}
        component={Link}
        href={page.path}
        active={active}
        aria-current={active ? 'page' : undefined}
        label={page.label}
        description={page.description}
        leftSection={<page.icon size={20} stroke={1.6} />}
        rightSection={page.badge ? <page.badge /> : undefined}
        onClick={onNavigate}
        variant="light"
        mb={4}
        styles={{ root: { borderRadius: 'var(--mantine-radius-md)' } }}
      />
    );
  });
}

export function Pages() {
  return (
    <Switch>
      {navPages.map((page) => (
        <Route key={page.path} path={page.path} nest component={page.component} />
      ))}
      <Route>
        <Redirect to={home} replace />
      </Route>
    </Switch>
  );
}
