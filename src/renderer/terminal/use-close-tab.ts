import { useApi } from '../api/context';
import { useConsoleStore, type ConsoleTab } from './console-store';

/** Closes a tab; a terminal's shell in the container is ended with it. */
export function useCloseTab(): (tab: ConsoleTab) => void {
  const api = useApi();
  const removeTab = useConsoleStore((s) => s.removeTab);
  return (tab) => {
    if (tab.kind === 'terminal' && tab.sessionId !== undefined) {
      void api.invoke('terminal.close', { sessionId: tab.sessionId }).catch(() => undefined);
    }
    removeTab(tab.id);
  };
}
