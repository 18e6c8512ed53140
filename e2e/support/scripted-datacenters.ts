import type { Page, WebSocketRoute } from '@playwright/test';
import { catalog, containersOf } from '../../src/shared/datacenter/catalog';
import type { DatacenterStatus, Plan, PlanAction, RunEvent, RunSnapshot } from '../../src/shared/datacenter/plan';
import { reduceRun, replayRun } from '../../src/shared/datacenter/run-reducer';
import { datacenterSpecSchema, projectName, type DatacenterSpec } from '../../src/shared/datacenter/spec';
import { availableVersions, chosenArtifact, type ComponentVersions, type DatacenterVersions } from '../../src/shared/datacenter/versions';
import type { ErrorShape, Result } from '../../src/shared/errors';
import type { ClientMessage, ServerMessage } from '../../src/shared/wire';

/**
 * A SCRIPTED stand-in for the datacenter engine, for UI tests of states the real engine cannot be
 * asked for on demand (a step held mid-way, a failure at a chosen step, blockers). It answers the
 * `datacenters.*` channels of the contract inside the page's WebSocket (Playwright's
 * routeWebSocket); every other channel (endpoints, app.info…) goes to the real browser host.
 * Specs are checked with the real schema, runs are folded with the real reducer and replayed to
 * late subscribers as main does. It creates nothing in LXD.
 */
export interface ScriptOptions {
  /** ms per step */
  stepMs: number;
  /** action id where the run stops and waits (running, with progress and log) until release() */
  holdAt?: string;
  /** action id that fails (once) */
  failAt?: string;
  /** the error text of that failure (default: a health check that timed out) */
  failMessage?: string;
  /** the error detail of that failure (e.g. the rollback BCM did, issue 12) */
  failDetail?: Record<string, unknown>;
  blockers: string[];
}

type Send = (message: ServerMessage) => void;

function fail(
  code: ErrorShape['code'],
  message: string,
  detail?: Record<string, unknown>,
): { ok: false; error: ErrorShape } {
  return { ok: false, error: detail ? { code, message, detail } : { code, message } };
}

const act = (
  kind: PlanAction['kind'],
  component: PlanAction['component'],
  target: string,
  title: string,
  detail?: string,
): PlanAction =>
  detail === undefined
    ? { id: `${kind}:${target}`, kind, component, target, title }
    : { id: `${kind}:${target}`, kind, component, target, title, detail };

export function applyActions(spec: DatacenterSpec): PlanAction[] {
  const project = projectName(spec.name);
  const actions: PlanAction[] = [
    act('create-project', 'datacenter', project, `Create LXD project ${project}`),
    act(
      'create-network',
      'datacenter',
      `${spec.name}-int`,
      `Create internal network ${spec.name}-int (10.64.3.0/24, no route out)`,
    ),
    act(
      'create-network',
      'datacenter',
      `${spec.name}-nat`,
      `Create outbound network ${spec.name}-nat (10.65.3.0/24, NAT, gateway only)`,
    ),
    act('create-profile', 'datacenter', 'bcm-base', 'Create profile bcm-base (root disk on pool default)'),
  ];
  for (const c of containersOf(spec)) {
    const title = catalog[c.component].title;
    actions.push(
      act(
        'create-instance',
        c.component,
        c.name,
        `Create container ${c.name} (${c.size.cpus} CPU, ${c.size.memoryMiB} MiB memory, ${c.size.diskGiB} GiB disk)`,
        `${title}; image ${spec.image.alias}`,
      ),
    );
    actions.push(act('start-instance', c.component, c.name, `Start ${c.name} and wait for its first-boot setup`));
    for (const a of catalog[c.component].artifacts(spec)) {
      actions.push(
        act(
          'install-artifact',
          c.component,
          `${c.name}/${a}`,
          `Install ${a} into ${c.name}`,
          `verified against SHA-256 ${spec.artifacts[a]?.sha256 ?? 'ab'.repeat(32)}`,
        ),
      );
    }
    actions.push(act('write-config', c.component, c.name, `Write ${title} configuration`));
    actions.push(act('enable-service', c.component, c.name, `Enable and (re)start ${c.component}.service`));
    actions.push(act('wait-healthy', c.component, c.name, `Wait until ${title} is healthy`));
  }
  return actions;
}

function downActions(spec: DatacenterSpec, keepData: boolean): PlanAction[] {
  const actions: PlanAction[] = [];
  for (const c of [...containersOf(spec)].reverse()) {
    actions.push(act('stop-instance', c.component, c.name, `Stop ${c.name}`));
    actions.push(act('delete-instance', c.component, c.name, `Delete container ${c.name}`));
  }
  if (!keepData) actions.push(act('delete-volume', 'datacenter', 'bitcoind-data', 'Delete data volume bitcoind-data'));
  actions.push(act('delete-profile', 'datacenter', 'bcm-base', 'Delete profile bcm-base'));
  actions.push(
    act('delete-project', 'datacenter', projectName(spec.name), `Delete LXD project ${projectName(spec.name)}`),
  );
  return actions;
}

/** Versions as the engine reports them when what runs is what the spec wants (issue 12). */
function scriptedVersions(spec: DatacenterSpec, deployed: boolean): DatacenterVersions {
  const components: ComponentVersions[] = [];
  for (const c of containersOf(spec)) {
    for (const artifact of catalog[c.component].artifacts(spec)) {
      const chosen = chosenArtifact(spec, artifact);
      if (!chosen) continue;
      const row = components.find((r) => r.kind === c.component && r.artifact === artifact) ?? {
        kind: c.component,
        title: catalog[c.component].title,
        artifact,
        installed: [],
        desired: { version: chosen.version, source: chosen.source, sha256: chosen.sha256, pinned: chosen.source === 'local' || artifact in spec.versions },
        available: availableVersions(spec, artifact),
      };
      if (!components.includes(row)) components.push(row);
      row.installed.push({ container: c.name, version: deployed ? chosen.version : null });
    }
  }
  return { name: spec.name, deployed, components };
}

export class ScriptedDatacenters {
  readonly options: ScriptOptions = { stepMs: 60, blockers: [] };
  readonly specs = new Map<string, DatacenterSpec>();
  readonly deployed = new Set<string>();
  private readonly runs = new Map<string, RunSnapshot>();
  private readonly progressSubs = new Map<number, { name: string; send: Send }>();
  private readonly changedSubs = new Map<number, Send>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly held = new Map<string, () => void>();
  private runCount = 0;

  /** Serves `datacenters.*` in every WebSocket the page opens to the host. */
  async attach(page: Page): Promise<void> {
    await page.routeWebSocket(/\/api\b/, (ws) => this.route(ws));
  }

  private route(ws: WebSocketRoute): void {
    const server = ws.connectToServer();
    const send: Send = (m) => ws.send(JSON.stringify(m));
    const mine = new Set<number>();
    ws.onMessage((raw) => {
      const msg = JSON.parse(String(raw)) as ClientMessage;
      if (msg.t === 'unsub' && mine.has(msg.id)) {
        this.progressSubs.delete(msg.id);
        this.changedSubs.delete(msg.id);
        return;
      }
      if (msg.t !== 'unsub' && msg.channel.startsWith('datacenters.')) {
        mine.add(msg.id);
        if (msg.t === 'invoke') send({ t: 'result', id: msg.id, result: this.invoke(msg.channel, msg.input) });
        else this.subscribe(msg.id, msg.channel, msg.params, send);
        return;
      }
      server.send(raw);
    });
    ws.onClose(() => {
      for (const id of mine) {
        this.progressSubs.delete(id);
        this.changedSubs.delete(id);
      }
    });
  }

  /** Adds (or replaces) a saved spec, as if another window had saved it. */
  put(spec: DatacenterSpec): void {
    this.specs.set(spec.name, spec);
    this.changed();
  }

  /** Lets a held step finish. */
  release(): void {
    for (const go of this.held.values()) go();
    this.held.clear();
  }

  snapshot(name: string): RunSnapshot | null {
    return this.runs.get(name) ?? null;
  }

  private subscribe(id: number, channel: string, params: unknown, send: Send): void {
    if (channel === 'datacenters.changed') {
      this.changedSubs.set(id, send);
      return;
    }
    const name = (params as { name: string }).name;
    this.progressSubs.set(id, { name, send });
    const snapshot = this.runs.get(name);
    if (snapshot) for (const e of replayRun(snapshot)) send({ t: 'event', id, payload: e });
  }

  private emit(name: string, event: RunEvent): void {
    this.runs.set(name, reduceRun(this.runs.get(name) ?? null, event) as RunSnapshot);
    for (const [id, sub] of this.progressSubs) if (sub.name === name) sub.send({ t: 'event', id, payload: event });
  }

  private changed(): void {
    const list = [...this.specs.values()].sort((a, b) => a.name.localeCompare(b.name));
    for (const [id, send] of this.changedSubs) send({ t: 'event', id, payload: list });
  }

  private invoke(channel: string, input: unknown): Result<unknown> {
    const args = (input ?? {}) as Record<string, unknown>;
    const name = typeof args['name'] === 'string' ? args['name'] : '';
    const spec = this.specs.get(name);
    const missing = fail('NOT_FOUND', `There is no datacenter named "${name}".`);
    switch (channel) {
      case 'datacenters.list':
        return { ok: true, value: [...this.specs.values()].sort((a, b) => a.name.localeCompare(b.name)) };
      case 'datacenters.get':
        return spec ? { ok: true, value: spec } : missing;
      case 'datacenters.validate': {
        const parsed = datacenterSpecSchema.safeParse(args['spec']);
        return parsed.success
          ? {
              ok: true,
              value: { ok: true, spec: parsed.data, estimate: { cpus: 0, memoryMiB: 0, diskGiB: 0, perComponent: [] } },
            }
          : {
              ok: true,
              value: {
                ok: false,
                issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
              },
            };
      }
      case 'datacenters.save': {
        const parsed = datacenterSpecSchema.parse(args['spec']);
        if (this.specs.has(parsed.name) && args['replace'] !== true) {
          return fail(
            'CONFLICT',
            `A datacenter named "${parsed.name}" already exists. Choose another name or open that one.`,
            { field: 'name' },
          );
        }
        this.specs.set(parsed.name, parsed);
        this.changed();
        return { ok: true, value: parsed };
      }
      case 'datacenters.plan': {
        if (!spec) return missing;
        const down = args['operation'] === 'down';
        const actions = down
          ? this.deployed.has(name)
            ? downActions(spec, args['keepData'] === true)
            : []
          : this.deployed.has(name)
            ? []
            : applyActions(spec);
        const plan: Plan = {
          datacenter: name,
          endpoint: spec.endpoint,
          project: projectName(name),
          operation: down ? 'down' : 'apply',
          actions,
          blockers: down ? [] : this.options.blockers,
        };
        return { ok: true, value: plan };
      }
      case 'datacenters.apply':
      case 'datacenters.down': {
        if (!spec) return missing;
        const down = channel === 'datacenters.down';
        if (down && args['confirm'] !== name)
          return fail('VALIDATION', `Type the datacenter's name (${name}) to confirm taking it down.`);
        if (this.runs.get(name)?.outcome === 'running')
          return fail('CONFLICT', `The datacenter "${name}" is already being changed.`);
        if (!down && this.options.blockers.length > 0)
          return fail('PRECONDITION_FAILED', this.options.blockers.join(' '));
        const done = this.snapshot(name);
        // like the real engine, a retry plans afresh: what finished before is not planned again
        const finished = new Set(
          done && done.operation === 'apply'
            ? Object.entries(done.steps)
                .filter(([, s]) => s.state === 'done')
                .map(([id]) => id)
            : [],
        );
        const actions = down
          ? downActions(spec, args['keepData'] === true)
          : applyActions(spec).filter((a) => !finished.has(a.id));
        const runId = `run-${++this.runCount}`;
        this.emit(name, {
          type: 'started',
          runId,
          datacenter: name,
          operation: down ? 'down' : 'apply',
          actions,
          at: new Date().toISOString(),
        });
        this.step(name, runId, actions, 0, Date.now());
        return { ok: true, value: { runId } };
      }
      case 'datacenters.cancel': {
        const run = this.runs.get(name);
        if (!run || run.outcome !== 'running') return { ok: true, value: { cancelled: false } };
        clearTimeout(this.timers.get(name));
        this.held.delete(name);
        for (const a of run.actions) {
          const state = run.steps[a.id]?.state;
          if (state === 'pending' || state === 'running')
            this.emit(name, { type: 'step', runId: run.runId, actionId: a.id, state: 'cancelled' });
        }
        this.emit(name, {
          type: 'finished',
          runId: run.runId,
          outcome: 'cancelled',
          durationMs: Date.now() - Date.parse(run.startedAt),
        });
        return { ok: true, value: { cancelled: true } };
      }
      case 'datacenters.run':
        return { ok: true, value: this.runs.get(name) ?? null };
      case 'datacenters.status':
        return spec ? { ok: true, value: this.status(spec) } : missing;
      case 'datacenters.versions':
        return spec ? { ok: true, value: scriptedVersions(spec, this.deployed.has(name)) } : missing;
      case 'datacenters.forget':
        if (!spec) return missing;
        if (this.deployed.has(name))
          return fail(
            'PRECONDITION_FAILED',
            `The datacenter "${name}" is still deployed. Take it down first, then forget it.`,
          );
        this.specs.delete(name);
        this.runs.delete(name);
        this.changed();
        return { ok: true, value: { forgotten: name } };
      case 'datacenters.apps':
        // the scripted engine has no app manifests installed (the real listing is in apps.spec.ts)
        return { ok: true, value: { apps: [], invalid: [] } };
      case 'datacenters.snapshots.list':
        // no snapshots in the scripted engine (the real ones are in snapshots.spec.ts)
        return spec ? { ok: true, value: { datacenter: name, keep: 3, driver: 'dir', leftOut: [], snapshots: [] } } : missing;
      default:
        return fail('UNKNOWN_CHANNEL', `The scripted engine does not know ${channel}.`);
    }
  }

  private status(spec: DatacenterSpec): DatacenterStatus {
    const deployed = this.deployed.has(spec.name);
    const containers = containersOf(spec);
    const byKind = new Map<string, DatacenterStatus['components'][number]>();
    containers.forEach((c, i) => {
      const entry = byKind.get(c.component) ?? {
        kind: c.component,
        title: catalog[c.component].title,
        health: deployed ? 'healthy' : 'missing',
        containers: [],
      };
      entry.containers.push(
        deployed
          ? { name: c.name, status: 'Running', service: 'active', health: 'healthy', ipv4: [`10.64.3.${10 + i}`] }
          : { name: c.name, status: 'Missing', service: 'none', health: 'missing', ipv4: [] },
      );
      byKind.set(c.component, entry);
    });
    return {
      name: spec.name,
      endpoint: spec.endpoint,
      project: projectName(spec.name),
      deployed,
      checkedAt: new Date().toISOString(),
      components: [...byKind.values()],
    };
  }

  private step(name: string, runId: string, actions: PlanAction[], index: number, started: number): void {
    const action = actions[index];
    const run = this.runs.get(name);
    if (!run || run.runId !== runId || run.outcome !== 'running') return;
    if (!action) {
      if (run.operation === 'apply') this.deployed.add(name);
      else this.deployed.delete(name);
      this.emit(name, { type: 'finished', runId, outcome: 'succeeded', durationMs: Date.now() - started });
      return;
    }
    const t0 = Date.now();
    const at = () => new Date().toISOString();
    this.emit(name, { type: 'step', runId, actionId: action.id, state: 'running' });
    const hasProgress = action.kind === 'create-instance' || action.kind === 'install-artifact';
    if (hasProgress)
      this.emit(name, {
        type: 'step',
        runId,
        actionId: action.id,
        state: 'running',
        progress: 0.45,
        message: action.kind === 'create-instance' ? 'Unpacking the image' : 'Verifying SHA-256',
      });
    this.emit(name, { type: 'log', runId, actionId: action.id, line: `$ ${action.title}`, at: at() });
    this.emit(name, {
      type: 'log',
      runId,
      actionId: action.id,
      line: `target ${action.target} in ${projectName(name)}`,
      at: at(),
    });

    const finish = () => {
      if (this.options.failAt === action.id) {
        this.options.failAt = undefined;
        const error: ErrorShape = {
          code: this.options.failMessage ? 'LXD_ERROR' : 'TIMEOUT',
          message: this.options.failMessage ?? `${action.target} did not become healthy within 120 s. Its last answer: connection refused. Check its log, then retry.`,
          ...(this.options.failDetail ? { detail: this.options.failDetail } : {}),
        };
        this.options.failMessage = undefined;
        this.options.failDetail = undefined;
        this.emit(name, {
          type: 'log',
          runId,
          actionId: action.id,
          line: 'health check: connection refused',
          at: at(),
        });
        this.emit(name, {
          type: 'step',
          runId,
          actionId: action.id,
          state: 'failed',
          error,
          durationMs: Date.now() - t0,
        });
        this.emit(name, { type: 'finished', runId, outcome: 'failed', error, durationMs: Date.now() - started });
        return;
      }
      this.emit(name, { type: 'log', runId, actionId: action.id, line: 'ok', at: at() });
      this.emit(name, {
        type: 'step',
        runId,
        actionId: action.id,
        state: 'done',
        durationMs: Date.now() - t0 + 850 * (index % 4),
      });
      this.step(name, runId, actions, index + 1, started);
    };
    if (this.options.holdAt === action.id) {
      this.options.holdAt = undefined;
      for (let i = 1; i <= 12; i += 1)
        this.emit(name, {
          type: 'log',
          runId,
          actionId: action.id,
          line: `[${String(i).padStart(2, '0')}] fetching chunk ${i} of 27 from the artifact cache`,
          at: at(),
        });
      this.held.set(name, () => this.timers.set(name, setTimeout(finish, this.options.stepMs)));
      return;
    }
    this.timers.set(name, setTimeout(finish, this.options.stepMs));
  }
}
