import { Route, Switch } from 'wouter';
import { DatacentersPage } from './list/DatacentersPage';
import { DatacenterPage } from './page/DatacenterPage';
import { NewDatacenterPage } from './wizard/NewDatacenterPage';

/** Routes under #/datacenters: the list, the wizard (_new) and one page per datacenter. */
export function DatacentersRoutes() {
  return (
    <Switch>
      <Route path="/" component={DatacentersPage} />
      <Route path="/_new" component={NewDatacenterPage} />
      <Route path="/:name">
        {(params) => <DatacenterPage key={params.name} name={decodeURIComponent(params.name)} />}
      </Route>
    </Switch>
  );
}
