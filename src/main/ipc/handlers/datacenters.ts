import type { datacenterEventChannels, datacenterInvokeChannels } from '../../../shared/channels/datacenters';
import { replayRun } from '../../../shared/datacenter/run-reducer';
import type { DatacenterService } from '../../datacenter/service';
import type { EventSources, Handlers } from '../router';

export interface DatacenterDeps {
  datacenters: DatacenterService;
}

type Channel = keyof typeof datacenterInvokeChannels;
type Event = keyof typeof datacenterEventChannels;

/** Binds the datacenter channels to the service. Thin: no logic here. */
export function datacenterHandlers({ datacenters }: DatacenterDeps): Pick<Handlers, Channel> {
  return {
    'datacenters.list': () => datacenters.list(),
    'datacenters.get': ({ name }) => datacenters.get(name),
    'datacenters.validate': async ({ spec }) => datacenters.validate(spec),
    'datacenters.save': ({ spec, replace }) => datacenters.save(spec, replace),
    'datacenters.plan': ({ name, operation, keepData, deleteData }) => datacenters.plan(name, operation, keepData, deleteData),
    'datacenters.planChange': ({ spec, deleteData }) => datacenters.planChange(spec, deleteData),
    'datacenters.apply': async ({ name, deleteData }) => ({ runId: (await datacenters.apply(name, deleteData)).runId }),
    'datacenters.down': async ({ name, confirm, keepData }) => ({ runId: (await datacenters.down(name, confirm, keepData)).runId }),
    'datacenters.cancel': async ({ name }) => ({ cancelled: datacenters.cancel(name) }),
    'datacenters.run': async ({ name }) => datacenters.run(name),
    'datacenters.status': ({ name }) => datacenters.status(name),
    'datacenters.versions': ({ name }) => datacenters.versions(name),
    'datacenters.apps': () => datacenters.apps(),
    'datacenters.forget': async ({ name }) => {
      await datacenters.forget(name);
      return { forgotten: name };
    },
  };
}

export function datacenterEventSources({ datacenters }: DatacenterDeps): Pick<EventSources, Event> {
  return {
    'datacenters.progress': ({ name }, emit) => {
      const snapshot = datacenters.run(name);
      if (snapshot) for (const event of replayRun(snapshot)) emit(event);
      return datacenters.subscribe(name, emit);
    },
    'datacenters.changed': (_params, emit) => datacenters.onChanged(emit),
  };
}
