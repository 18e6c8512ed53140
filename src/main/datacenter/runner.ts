import { randomUUID } from 'node:crypto';
import { BcmError, toErrorShape, type ErrorShape } from '../../shared/errors';
import type { Plan, PlanAction, RunEvent, RunSnapshot } from '../../shared/datacenter/plan';
import { reduceRun } from '../../shared/datacenter/run-reducer';
import { readyActions, sequentialPrerequisites, type Prerequisites } from './dag';

export interface StepReporter {
  signal: AbortSignal;
  progress(fraction: number, message?: string): void;
  log(line: string): void;
}

export type StepExecutor = (action: PlanAction, report: StepReporter) => Promise<void>;

/** How a run schedules its steps. */
export interface RunOptions {
  /** action id -> the ids it waits for (dag.ts); default: each action waits for the one before it */
  prerequisites?: Prerequisites;
  /** the most steps running at once; default DEFAULT_CONCURRENCY */
  concurrency?: number;
}

/** Steps at once by default: the containers of a small datacenter, without starving a 2-core host. */
export const DEFAULT_CONCURRENCY = 4;

interface Run {
  snapshot: RunSnapshot | null;
  controller: AbortController;
  done: Promise<void>;
}

interface Context {
  dc: string;
  run: Run;
  runId: string;
  plan: Plan;
  execute: StepExecutor;
}

/**
 * Runs plans with progress events, one run per datacenter at a time. Every action whose
 * prerequisites are done starts, up to `concurrency` at once, in plan order.
 *
 * A failed step stops the run from starting anything new; the steps already running are let finish
 * (each is idempotent and leaves its record, so the next plan picks up after them; aborting them
 * half-way would leave half-made objects for the next plan to meet), then the run ends failed with
 * the first failure's error and the steps never started stay pending ("not run"). Cancel aborts
 * every running step and marks them and the rest cancelled.
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
  start(plan: Plan, execute: StepExecutor, options: RunOptions = {}): { runId: string; done: Promise<void> } {
    if (this.isRunning(plan.datacenter)) {
      throw new BcmError('CONFLICT', `The datacenter "${plan.datacenter}" is already being changed. Wait for it to finish, or cancel it.`);
    }
    const runId = randomUUID();
    const run: Run = { snapshot: null, controller: new AbortController(), done: Promise.resolve() };
    this.runs.set(plan.datacenter, run);
    const ctx: Context = { dc: plan.datacenter, run, runId, plan, execute };
    this.emit(ctx.dc, run, { type: 'started', runId, datacenter: ctx.dc, operation: plan.operation, actions: plan.actions, at: new Date().toISOString() });
    run.done = this.schedule(ctx, options);
    return { runId, done: run.done };
  }

  /** Starts every ready step (up to the limit) until none is left running, then finishes the run. */
  private async schedule(ctx: Context, options: RunOptions): Promise<void> {
    const started = Date.now();
    const { run, plan } = ctx;
    const signal = run.controller.signal;
    const prerequisites = options.prerequisites ?? sequentialPrerequisites(plan.actions);
    const limit = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
    const state = (id: string) => run.snapshot?.steps[id]?.state;
    const inFlight = new Map<string, Promise<void>>();
    let failure: ErrorShape | undefined;
    for (;;) {
      if (!signal.aborted && !failure) {
        for (const id of readyActions(plan.actions, prerequisites, state).slice(0, limit - inFlight.size)) {
          const action = plan.actions.find((a) => a.id === id)!;
          const step = this.runStep(ctx, action).then((error) => {
            inFlight.delete(id);
            failure ??= error;
          });
          inFlight.set(id, step);
        }
      }
      if (inFlight.size === 0) break;
      await Promise.race(inFlight.values());
    }
    const stuck = !signal.aborted && !failure && plan.actions.some((a) => state(a.id) === 'pending');
    if (stuck) failure = { code: 'INTERNAL', message: 'Some steps of the plan wait for each other; nothing more can run. Plan again.' };
    this.finish(ctx, failure, Date.now() - started);
  }

  /** Runs one step; resolves with its error when it failed (not when it was cancelled). */
  private async runStep(ctx: Context, action: PlanAction): Promise<ErrorShape | undefined> {
    const { dc, run, runId } = ctx;
    const t0 = Date.now();
    this.emit(dc, run, { type: 'step', runId, actionId: action.id, state: 'running' });
    const reporter: StepReporter = {
      signal: run.controller.signal,
      progress: (fraction, message) =>
        this.emit(dc, run, { type: 'step', runId, actionId: action.id, state: 'running', progress: Math.max(0, Math.min(1, fraction)), ...(message ? { message } : {}) }),
      log: (line) => this.emit(dc, run, { type: 'log', runId, actionId: action.id, line, at: new Date().toISOString() }),
    };
    try {
      await ctx.execute(action, reporter);
      this.emit(dc, run, { type: 'step', runId, actionId: action.id, state: 'done', durationMs: Date.now() - t0 });
      return undefined;
    } catch (err) {
      if (run.controller.signal.aborted) return undefined; // marked cancelled when the run finishes
      const error = toErrorShape(err);
      this.emit(dc, run, { type: 'step', runId, actionId: action.id, state: 'failed', error, durationMs: Date.now() - t0 });
      return error;
    }
  }

  /** Ends the run: cancelled steps marked, then the outcome (a failure wins over a later cancel). */
  private finish(ctx: Context, failure: ErrorShape | undefined, durationMs: number): void {
    const { dc, run, runId, plan } = ctx;
    const cancelled = run.controller.signal.aborted;
    if (cancelled) {
      for (const a of plan.actions) {
        const state = run.snapshot?.steps[a.id]?.state;
        if (state === 'pending' || state === 'running') this.emit(dc, run, { type: 'step', runId, actionId: a.id, state: 'cancelled' });
      }
    }
    if (failure) this.emit(dc, run, { type: 'finished', runId, outcome: 'failed', error: failure, durationMs });
    else this.emit(dc, run, { type: 'finished', runId, outcome: cancelled ? 'cancelled' : 'succeeded', durationMs });
  }
}
