import { describe, expect, it } from 'vitest';
import { retryDelayMs, watchForHostReturn } from '../../../src/renderer/boot/host-return';

/** runs scheduled ticks by hand and records their delays */
function manual() {
  const queue: Array<{ fn: () => void; ms: number }> = [];
  return { queue, schedule: (fn: () => void, ms: number) => queue.push({ fn, ms }) };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('waiting for the browser host to come back', () => {
  it('asks quickly at first, then every 5 s, and reloads once the host answers', async () => {
    const clock = manual();
    const answers = [false, false, false, false, true];
    let reloads = 0;
    watchForHostReturn(async () => answers.shift() ?? false, () => reloads++, clock.schedule);
    for (let i = 0; i < 5; i++) {
      clock.queue.shift()!.fn();
      await flush();
    }
    expect(reloads).toBe(1);
    expect(clock.queue).toHaveLength(0);
    expect([0, 1, 2, 3, 4].map(retryDelayMs)).toEqual([1000, 2000, 3000, 5000, 5000]);
  });

  it('treats a failed request as "not back yet", and stops when told', async () => {
    const clock = manual();
    let reloads = 0;
    const watch = watchForHostReturn(() => Promise.reject(new Error('refused')), () => reloads++, clock.schedule);
    clock.queue.shift()!.fn();
    await flush();
    expect(clock.queue).toHaveLength(1);
    watch.stop();
    clock.queue.shift()!.fn();
    await flush();
    expect(clock.queue).toHaveLength(0);
    expect(reloads).toBe(0);
  });
});
