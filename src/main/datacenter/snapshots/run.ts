import { catalog, containersOf } from '../../../shared/datacenter/catalog';
import type { PlanAction, RollbackDetail } from '../../../shared/datacenter/plan';
import type { ComponentKind } from '../../../shared/datacenter/spec';
import { BcmError, toErrorShape, type ErrorShape } from '../../../shared/errors';
import { runHealthCheck } from '../health';
import { namesFor } from '../naming';
import type { ContainerRecipe } from '../recipe';
import type { StepReporter } from '../runner';
import { AUTOMATIC_REASON, snapshotName } from './naming';
import { CHANGING_KINDS, ROLLBACK_KINDS } from './plan';
import { pruneSets, restoreSet, takeSet, type SnapshotTarget } from './sets';

export interface RunSnapshotsDeps {
  target: SnapshotTarget;
  recipes: Record<string, ContainerRecipe>;
  /** the run's plan: the reason of each snapshot names the changes it protects against */
  actions: PlanAction[];
  /** how many snapshot sets to keep (the setting) */
  keep: () => Promise<number>;
  now?: () => Date;
}

const REASON_MAX = 200;

/**
 * The snapshots of one apply run: the `snapshot` step takes one set name for the whole run (one
 * per component, all under that name), and `guard` wraps every step so that a failure of a
 * component the run snapshotted restores it, waits until it is healthy again, and says so in the
 * step's error. No change to the runner is needed: the guard sits in the step executor.
 */
export class RunSnapshots {
  private name: string | undefined;
  private readonly taken = new Map<ComponentKind, string>();

  constructor(private readonly deps: RunSnapshotsDeps) {}

  reason(component: ComponentKind): string {
    const changes = this.deps.actions.filter((a) => a.component === component && CHANGING_KINDS.has(a.kind)).map((a) => a.title);
    const text = changes.length ? `${AUTOMATIC_REASON}: ${changes.join('; ')}` : AUTOMATIC_REASON;
    return text.length > REASON_MAX ? `${text.slice(0, REASON_MAX - 1)}…` : text;
  }

  /** the `snapshot` step */
  async step(action: PlanAction, report: StepReporter): Promise<void> {
    if (action.component === 'datacenter') throw new BcmError('INTERNAL', 'A snapshot step needs a component.');
    const component = action.component;
    this.name ??= snapshotName((this.deps.now ?? (() => new Date()))(), 'before-apply');
    const t0 = Date.now();
    await takeSet(this.deps.target, this.name, this.reason(component), [component], (l) => report.log(l));
    this.taken.set(component, this.name);
    report.log(`took ${this.name} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const keep = await this.deps.keep();
    const pruned = await pruneSets(this.deps.target, keep, this.name, (l) => report.log(l));
    if (pruned.length) report.log(`kept the newest ${keep} snapshots`);
  }

  /** Runs a step; when it fails after this run snapshotted its component, rolls the component back. */
  async guard(action: PlanAction, report: StepReporter, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      const shape = toErrorShape(err);
      const snapshot = action.component === 'datacenter' ? undefined : this.taken.get(action.component);
      if (!snapshot || action.component === 'datacenter' || !ROLLBACK_KINDS.has(action.kind) || shape.code === 'CANCELLED' || report.signal.aborted) throw err;
      throw await this.rollback(action.component, snapshot, shape, report);
    }
  }

  private async rollback(component: ComponentKind, snapshot: string, failed: ErrorShape, report: StepReporter): Promise<BcmError> {
    const { code, message: failure } = failed;
    const title = catalog[component].title;
    const t0 = Date.now();
    // a rollback is not cancelled with the run: half a restore would be worse than either state
    const steady: StepReporter = { signal: new AbortController().signal, log: (l) => report.log(l), progress: (f, m) => report.progress(f, m) };
    report.log(`${failure.split('\n')[0] ?? ''}`);
    report.log(`rolling ${title} back to snapshot ${snapshot}`);
    report.progress(0, `Rolling back to ${snapshot}`);
    const detail = (healthy: boolean, message?: string): Record<string, unknown> => {
      const rollback: RollbackDetail = { snapshot, component, healthy, durationMs: Date.now() - t0, ...(message ? { message } : {}) };
      return { ...failed.detail, rollback };
    };
    const base = failure.trim().replace(/\.?$/, '.');
    try {
      await restoreSet(this.deps.target, snapshot, [component], (l) => report.log(l));
      const project = namesFor(this.deps.target.spec.name).project;
      for (const c of containersOf(this.deps.target.spec).filter((x) => x.component === component)) {
        const recipe = this.deps.recipes[c.name];
        if (recipe) await runHealthCheck(this.deps.target.client, project, c.name, recipe.health, steady);
      }
    } catch (err) {
      const why = toErrorShape(err).message;
      report.log(`rollback failed: ${why}`);
      return new BcmError(
        code,
        `${base} BCM tried to roll ${title} back to snapshot ${snapshot}, and that failed too: ${why} Restore the snapshot from the Snapshots card, or look at the container's logs.`,
        detail(false, why),
      );
    }
    report.log(`rolled back in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${title} is healthy`);
    return new BcmError(code, `${base} Rolled back to snapshot ${snapshot}; ${title} is healthy on its previous state.`, detail(true));
  }
}
