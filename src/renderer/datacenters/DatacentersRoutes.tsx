import { Route, Switch } from 'wouter';
import { EditDatacenterPage } from './edit/EditDatacenterPage';
import { DatacentersPage } from './list/DatacentersPage';
import { DatacenterPage } from './page/DatacenterPage';
import { NewDatacenterPage } from './wizard/NewDatacenterPage';

/** Routes under #/datacenters: the list, the wizard (_new) and one page per datacenter. */
export function DatacentersRoutes() {
  return (
    <Switch>
      <Route path="/" component={DatacentersPage} />
      <Route path="/_new" component={NewDatacenterPage} />
      <Route path="/:name/edit">
        {(params) => <EditDatacenterPage key={params.name} name={decodeURIComponent(params.name)} />}
      </Route>
      <Route path="/:name">
        {(params) => <DatacenterPage key={params.name} name={decodeURIComponent(params.name)} />}
      </Route>
    </Switch>
  );
}
