import { randomUUID } from 'node:crypto';
import { BcmError, toErrorShape } from '../../shared/errors';
import type { Plan, PlanAction, RunEvent, RunSnapshot } from '../../shared/datacenter/plan';
import { reduceRun } from '../../shared/datacenter/run-reducer';

export interface StepReporter {
  signal: AbortSignal;
  progress(fraction: number, message?: string): void;
  log(line: string): void;
}

export type StepExecutor = (action: PlanAction, report: StepReporter) => Promise<void>;

interface Run {
  snapshot: RunSnapshot | null;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Runs plans one action after another with progress events, one run per datacenter at a time.
 * A failed step stops the run (the next plan picks up from what is done); cancel aborts the
 * current step and skips the rest.
 */
export class RunManager {
  private readonly runs = new Map<string, Run>();
  private readonly listeners = new Map<string, Set<(event: RunEvent) => void>>();

  isRunning(datacenter: string): boolean {
    return this.runs.get(datacenter)?.snapshot?.outcome === 'running';
  }

  /** the datacenters with a run in progress */
  running(): string[] {
    return [...this.runs.keys()].filter((d) => this.isRunning(d));
  }

  snapshot(datacenter: string): RunSnapshot | null {
    return this.runs.get(datacenter)?.snapshot ?? null;
  }

  subscribe(datacenter: string, listener: (event: RunEvent) => void): () => void {
    let set = this.listeners.get(datacenter);
    if (!set) this.listeners.set(datacenter, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  private emit(datacenter: string, run: Run, event: RunEvent): void {
    run.snapshot = reduceRun(run.snapshot, event);
    for (const l of this.listeners.get(datacenter) ?? []) l(event);
  }

  cancel(datacenter: string): boolean {
    const run = this.runs.get(datacenter);
    if (!run || run.snapshot?.outcome !== 'running') return false;
    run.controller.abort();
    return true;
  }

  /** Starts a run in the background and returns its id. */
  start(plan: Plan, execute: StepExecutor): { runId: string; done: Promise<void> } {
    if (this.isRunning(plan.datacenter)) {
      throw new BcmError('CONFLICT', `The datacenter "${plan.datacenter}" is already being changed. Wait for it to finish, or cancel it.`);
    }
    const runId = randomUUID();
    const controller = new AbortController();
    const run: Run = { snapshot: null, controller, done: Promise.resolve() };
    this.runs.set(plan.datacenter, run);
    const dc = plan.datacenter;
    const started = Date.now();
    this.emit(dc, run, { type: 'started', runId, datacenter: dc, operation: plan.operation, actions: plan.actions, at: new Date().toISOString() });

    run.done = (async () => {
      for (const action of plan.actions) {
        if (controller.signal.aborted) break;
        const t0 = Date.now();
        this.emit(dc, run, { type: 'step', runId, actionId: action.id, state: 'running' });
        const reporter: StepReporter = {
          signal: controller.signal,
          progress: (fraction, message) =>
            this.emit(dc, run, {
              type: 'step',
              runId,
              actionId: action.id,
              state: 'running',
              progress: Math.max(0, Math.min(1, fraction)),
              ...(message ? { message } : {}),
            }),
          log: (line) => this.emit(dc, run, { type: 'log', runId, actionId: action.id, line, at: new Date().toISOString() }),
        };
        try {
          await execute(action, reporter);
          this.emit(dc, run, { type: 'step', runId, actionId: action.id, state: 'done', durationMs: Date.now() - t0 });
        } catch (err) {
          const error = toErrorShape(err);
          if (controller.signal.aborted || error.code === 'CANCELLED') break;
          this.emit(dc, run, { type: 'step', runId, actionId: action.id, state: 'failed', error, durationMs: Date.now() - t0 });
          this.emit(dc, run, { type: 'finished', runId, outcome: 'failed', error, durationMs: Date.now() - started });
          return;
        }
      }
      if (controller.signal.aborted) {
        for (const a of plan.actions) {
          const state = run.snapshot?.steps[a.id]?.state;
          if (state === 'pending' || state === 'running') this.emit(dc, run, { type: 'step', runId, actionId: a.id, state: 'cancelled' });
        }
        this.emit(dc, run, { type: 'finished', runId, outcome: 'cancelled', durationMs: Date.now() - started });
        return;
      }
      this.emit(dc, run, { type: 'finished', runId, outcome: 'succeeded', durationMs: Date.now() - started });
    })();
    return { runId, done: run.done };
  }
}
