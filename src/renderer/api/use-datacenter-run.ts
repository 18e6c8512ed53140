import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunEvent, RunSnapshot } from '../../shared/datacenter/plan';
import type { BcmError } from '../../shared/errors';
import { reduceRun } from '../../shared/datacenter/run-reducer';
import { applyBufferedEvents } from '../datacenters/lib/run-reducer';
import { useApi } from './context';
import { datacenterKeys } from './use-datacenters';
import { useEventStream } from './use-event-stream';

export interface DatacenterRun {
  /** the current or last run; null when the datacenter never ran */
  snapshot: RunSnapshot | null;
  /** the replayed snapshot has arrived (until then `snapshot` is null) */
  loaded: boolean;
  /** fetching the snapshot failed */
  error: BcmError | null;
  /** the progress stream ended with an error (it is retried with back-off) */
  streamError: BcmError | null;
  reload: () => void;
}

/**
 * The live state of a datacenter's run. Subscribes to `datacenters.progress` first (main replays
 * the current run to a new subscriber), then asks `datacenters.run` for the snapshot, merges the
 * events that arrived meanwhile (a replay replaces it; log lines are never repeated) and from
 * then on folds each event in with the shared `reduceRun`. A page opened or reloaded
 * mid-deploy therefore shows the whole run so far and follows it. State is local to the caller:
 * two screens following the same run each fold the events once.
 */
export function useDatacenterRun(name: string, enabled = true): DatacenterRun {
  const api = useApi();
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ snapshot: RunSnapshot | null; loaded: boolean; error: BcmError | null }>({
    snapshot: null,
    loaded: false,
    error: null,
  });
  const [generation, setGeneration] = useState(0);
  const loaded = useRef(false);
  const buffered = useRef<RunEvent[]>([]);
  const current = useRef<RunSnapshot | null>(null);

  const settle = useCallback(
    (next: RunSnapshot | null, previous: RunSnapshot | null) => {
      current.current = next;
      setState({ snapshot: next, loaded: true, error: null });
      const finishedNow =
        next !== null &&
        next.outcome !== 'running' &&
        (previous === null || previous.outcome === 'running' || previous.runId !== next.runId);
      if (finishedNow) {
        void queryClient.invalidateQueries({ queryKey: datacenterKeys.status(name) });
        void queryClient.invalidateQueries({ queryKey: datacenterKeys.list });
        // what a run changes on the gateway: remote access, app onions (['datacenters', name, …])
        void queryClient.invalidateQueries({ queryKey: ['datacenters', name] });
      }
    },
    [name, queryClient],
  );

  const stream = useEventStream(
    'datacenters.progress',
    { name },
    (event) => {
      if (!loaded.current) {
        buffered.current.push(event);
        return;
      }
      settle(reduceRun(current.current, event), current.current);
    },
    { enabled, onResubscribe: () => setGeneration((g) => g + 1) },
  );

  useEffect(() => {
    if (!enabled) return undefined;
    let stopped = false;
    loaded.current = false;
    buffered.current = [];
    api.invoke('datacenters.run', { name }).then(
      (snapshot) => {
        if (stopped) return;
        const merged = applyBufferedEvents(snapshot, buffered.current);
        buffered.current = [];
        loaded.current = true;
        settle(merged, current.current);
      },
      (err: BcmError) => {
        if (stopped) return;
        // live events still count: a run that starts now is followed from its start
        loaded.current = true;
        current.current = applyBufferedEvents(null, buffered.current);
        buffered.current = [];
        setState({ snapshot: current.current, loaded: true, error: err });
      },
    );
    return () => {
      stopped = true;
    };
  }, [api, name, enabled, generation, settle]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, streamError: stream.error, reload };
}
