import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import type { AlertsState, MonitorSettings } from '../../shared/channels/alerts';
import { useApi } from '../api/context';
import { useEventStream } from '../api/use-event-stream';

export const alertsKey = ['alerts'] as const;

export function useAlerts() {
  const api = useApi();
  return useQuery({ queryKey: alertsKey, queryFn: () => api.invoke('alerts.list', {}), staleTime: 30_000 });
}

/**
 * Mounted once in the shell: keeps the alert list in step with main's monitor and shows each newly
 * raised alert as a notification in the page (Electron also shows it on the desktop, from main).
 */
export function useAlertsWatcher(): void {
  const queryClient = useQueryClient();
  const known = useRef<Set<string> | null>(null);
  useEventStream(
    'alerts.changed',
    {},
    (state: AlertsState) => {
      queryClient.setQueryData(alertsKey, state);
      const before = known.current;
      known.current = new Set(state.active.map((a) => a.id));
      if (before === null) return; // the first list after opening: nothing is news
      for (const a of state.active.filter((x) => !before.has(x.id))) {
        notifications.show({ id: `alert-${a.id}`, color: a.severity === 'critical' ? 'red' : 'yellow', title: a.title, message: a.message, autoClose: a.severity === 'critical' ? false : 10_000 });
      }
    },
    { onResubscribe: () => void queryClient.invalidateQueries({ queryKey: alertsKey }) },
  );
}

/** Renders nothing: mounts the watcher once in the shell. */
export function AlertsSync() {
  useAlertsWatcher();
  return null;
}

export function useCheckAlerts() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: () => api.invoke('alerts.check', {}), onSuccess: (state) => queryClient.setQueryData(alertsKey, state) });
}

export function useAlertSettings() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (settings: MonitorSettings) => api.invoke('alerts.settings.set', { settings }), onSuccess: (state) => queryClient.setQueryData(alertsKey, state) });
}
