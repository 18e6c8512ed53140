import type { logEventChannels, logInvokeChannels } from '../../../shared/channels/logs';
import type { LogService } from '../../logs/service';
import type { EventSources, Handlers } from '../router';

export interface LogDeps {
  logs: LogService;
}

type LogChannel = keyof typeof logInvokeChannels;
type LogEvent = keyof typeof logEventChannels;

/** Binds the log channels to the log service. */
export function logHandlers({ logs }: LogDeps): Pick<Handlers, LogChannel> {
  return {
    'logs.sources': ({ endpoint, project, name }) => logs.sources(endpoint, project, name),
    'logs.ack': async ({ tailId, seq }) => {
      logs.ack(tailId, seq);
      return {};
    },
  };
}

export function logEventSources({ logs }: LogDeps): Pick<EventSources, LogEvent> {
  return {
    'logs.tail': (params, emit) => logs.subscribe(params, emit),
  };
}
