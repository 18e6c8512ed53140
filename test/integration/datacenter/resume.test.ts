import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namesFor } from '../../../src/main/datacenter/naming';
import { harness, regtestSpec, type Harness } from './harness';
import { removeTestDatacenter } from '../../support/remove-datacenter';

const NAME = `bcmr${process.pid % 10000}`;
const CHILD = join(import.meta.dirname, 'apply-child.mts');

/** Starts an apply in another process and SIGKILLs it once `step` is done (a crash mid-apply). */
function applyAndKillAfter(home: string, step: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, home, NAME], { stdio: ['ignore', 'pipe', 'pipe'] });
    const done: string[] = [];
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        if (line.startsWith('done ')) done.push(line.slice(5));
        if (line === `done ${step}`) child.kill('SIGKILL');
      }
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(done) : reject(new Error(`the apply process ended without being killed: ${err.slice(-500)}`))));
  });
}

describe('an apply killed mid-way resumes', () => {
  let h: Harness;
  const names = namesFor(NAME);
  beforeAll(async () => {
    h = await harness();
    await h.service.save(await regtestSpec(NAME, 'local'), false);
  });
  afterAll(async () => {
    removeTestDatacenter(names);
    await h.close();
  });

  it('plans only what the killed run did not finish, then converges', async () => {
    const first = await h.service.plan(NAME, 'apply', true);
    const finished = await applyAndKillAfter(h.home, 'install-artifact:btcd/btcd');
    expect(finished).toContain('create-instance:gateway');
    const next = await h.service.plan(NAME, 'apply', true);
    const ids = next.actions.map((a) => a.id);
    for (const id of finished) expect(ids).not.toContain(id);
    expect(ids).toContain('write-config:btcd');
    // lnd's steps ran beside btcd's, but its service starts only once btcd is healthy (the DAG)
    expect(ids).toContain('enable-service:lnd');
    expect(ids.length).toBeLessThan(first.actions.length);
    const { done } = await h.service.apply(NAME);
    await done;
    const snap = h.service.run(NAME);
    const failed = Object.entries(snap?.steps ?? {}).filter(([, s]) => s.state === 'failed');
    expect(failed.map(([id, s]) => `${id}: ${s.error?.message}\n${s.log.join('\n')}`)).toEqual([]);
    expect(snap?.outcome).toBe('succeeded');
    expect((await h.service.plan(NAME, 'apply', true)).actions).toEqual([]);
    const { done: down } = await h.service.down(NAME, NAME, false);
    await down;
    expect(h.service.run(NAME)?.outcome).toBe('succeeded');
  }, 600_000);
});
