import type { alertEventChannels, alertInvokeChannels } from '../../../shared/channels/alerts';
import type { MonitorService } from '../../monitor/service';
import type { EventSources, Handlers } from '../router';

export interface AlertDeps {
  monitor: MonitorService;
}

/** Binds the monitor's channels (issue 13). Thin: no logic here. */
export function alertHandlers({ monitor }: AlertDeps): Pick<Handlers, keyof typeof alertInvokeChannels> {
  return {
    'alerts.list': () => monitor.list(),
    'alerts.check': () => monitor.check(),
    'alerts.settings.set': ({ settings }) => monitor.setSettings(settings),
  };
}

export function alertEventSources({ monitor }: AlertDeps): Pick<EventSources, keyof typeof alertEventChannels> {
  return {
    'alerts.changed': (_params, emit) => monitor.onChanged((state) => emit(state)),
  };
}
