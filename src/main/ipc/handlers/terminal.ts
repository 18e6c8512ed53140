import type { terminalEventChannels, terminalInvokeChannels } from '../../../shared/channels/terminal';
import type { TerminalService } from '../../terminal/service';
import type { EventSources, Handlers } from '../router';

export interface TerminalDeps {
  terminals: TerminalService;
}

type TerminalChannel = keyof typeof terminalInvokeChannels;
type TerminalEvent = keyof typeof terminalEventChannels;

/** Binds the terminal channels to the terminal service. Writes are handled synchronously (in order). */
export function terminalHandlers({ terminals }: TerminalDeps): Pick<Handlers, TerminalChannel> {
  return {
    'terminal.open': (input) => terminals.open(input),
    'terminal.list': async () => terminals.list(),
    // runs synchronously up to its return: keystrokes reach the shell in the order they came
    'terminal.write': async ({ sessionId, data, encoding }) => {
      terminals.write(sessionId, Buffer.from(data, encoding));
      return {};
    },
    'terminal.resize': async ({ sessionId, cols, rows }) => {
      terminals.resize(sessionId, cols, rows);
      return {};
    },
    'terminal.ack': async ({ sessionId, offset }) => {
      terminals.ack(sessionId, offset);
      return {};
    },
    'terminal.close': async ({ sessionId }) => {
      await terminals.close(sessionId);
      return { closed: sessionId };
    },
  };
}

export function terminalEventSources({ terminals }: TerminalDeps): Pick<EventSources, TerminalEvent> {
  return {
    'terminal.output': ({ sessionId }, emit, fail) => terminals.attach(sessionId, emit, fail),
  };
}
