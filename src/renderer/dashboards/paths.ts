import type { LightningComponent } from '../../shared/services/common';

/** Where the dashboards live (hash routes; `~` makes a path absolute inside a nested router). */
export const dashboardPaths = {
  index: '~/dashboards',
  node: (datacenter: string) => `~/dashboards/${encodeURIComponent(datacenter)}/node`,
  lightning: (datacenter: string, component: LightningComponent) => `~/dashboards/${encodeURIComponent(datacenter)}/lightning/${component}`,
  kafka: (datacenter: string) => `~/dashboards/${encodeURIComponent(datacenter)}/kafka`,
  datacenter: (datacenter: string) => `~/datacenters/${encodeURIComponent(datacenter)}`,
};
