import { Route, Switch } from 'wouter';
import { DashboardsIndex } from './DashboardsIndex';
import { LightningDashboard } from './lightning/LightningDashboard';
import { NodeDashboard } from './node/NodeDashboard';
import { KafkaDashboard } from './kafka/KafkaDashboard';

/** Routes under #/dashboards: the list, and per datacenter its node and Lightning dashboards. */
export function DashboardsRoutes() {
  return (
    <Switch>
      <Route path="/" component={DashboardsIndex} />
      <Route path="/:name/node">{(p) => <NodeDashboard key={p.name} datacenter={decodeURIComponent(p.name)} />}</Route>
      <Route path="/:name/lightning/lnd">{(p) => <LightningDashboard key={`${p.name}/lnd`} datacenter={decodeURIComponent(p.name)} component="lnd" />}</Route>
      <Route path="/:name/lightning/clightning">
        {(p) => <LightningDashboard key={`${p.name}/cln`} datacenter={decodeURIComponent(p.name)} component="clightning" />}
      </Route>
      <Route path="/:name/kafka">{(p) => <KafkaDashboard key={`${p.name}/kafka`} datacenter={decodeURIComponent(p.name)} />}</Route>
      <Route path="/:name">{(p) => <NodeDashboard key={p.name} datacenter={decodeURIComponent(p.name)} />}</Route>
    </Switch>
  );
}
