import { describe, expect, it } from 'vitest';
import type { DatacenterStatus } from '../../../src/shared/datacenter/plan';
import {
  emptyLogText,
  formatStepDuration,
  healthLook,
  outcomeLook,
  stepLook,
  summarizeHealth,
} from '../../../src/renderer/datacenters/lib/looks';

function status(
  healths: DatacenterStatus['components'][number]['health'][],
  extra: Partial<DatacenterStatus> = {},
): DatacenterStatus {
  return {
    name: 't',
    endpoint: 'local',
    project: 'bcm-t',
    deployed: true,
    checkedAt: '2026-01-01T00:00:00Z',
    components: healths.map((health, i) => ({ kind: i === 0 ? 'gateway' : 'lnd', title: 'x', health, containers: [] })),
    ...extra,
  };
}

describe('looks', () => {
  it('gives each step state a colour, label and icon', () => {
    expect(stepLook('running')).toEqual({ color: 'blue', label: 'Running', icon: 'running' });
    expect(stepLook('failed').color).toBe('red');
    expect(stepLook('done').icon).toBe('done');
    // several steps run at once and a failure lets them finish: what never started reads "Not run"
    expect(stepLook('pending', 'running').label).toBe('Waiting');
    expect(stepLook('pending', 'failed')).toEqual({ color: 'gray', label: 'Not run', icon: 'pending' });
    expect(stepLook('failed', 'failed').label).toBe('Failed');
    expect(healthLook('missing').label).toBe('Not deployed');
    expect(outcomeLook('failed', 'down').label).toBe('Take-down failed');
    expect(outcomeLook('running', 'apply').label).toBe('Deploying');
  });

  it('summarises health for a card', () => {
    expect(summarizeHealth(status(['healthy', 'healthy']))).toMatchObject({
      overall: 'healthy',
      label: 'All 2 healthy',
    });
    expect(summarizeHealth(status(['healthy', 'starting']))).toMatchObject({
      overall: 'starting',
      label: '1 of 2 healthy',
    });
    expect(summarizeHealth(status(['starting', 'unhealthy'])).overall).toBe('unhealthy');
    expect(summarizeHealth(status(['missing'], { deployed: false }))).toMatchObject({
      overall: 'not-deployed',
      label: 'Not deployed',
    });
    expect(summarizeHealth(status(['healthy'], { error: { code: 'UNREACHABLE', message: 'x' } })).overall).toBe(
      'error',
    );
  });

  it('formats step durations', () => {
    expect(formatStepDuration(240)).toBe('240 ms');
    expect(formatStepDuration(1234)).toBe('1.2 s');
    expect(formatStepDuration(48_000)).toBe('48 s');
    expect(formatStepDuration(185_000)).toBe('3 min 5 s');
    expect(formatStepDuration(120_000)).toBe('2 min');
    expect(formatStepDuration(-1)).toBe('');
  });
});

describe('an empty step log', () => {
  // says what happened instead of "No output yet." once the step has ended
  it.each([
    ['running', 'No output yet.'],
    ['done', 'Finished without printing anything.'],
    ['failed', 'Failed before printing anything; the error is above.'],
    ['pending', 'Not started yet.'],
    ['cancelled', 'Cancelled before it printed anything.'],
  ] as const)('%s: %s', (state, text) => {
    expect(emptyLogText(state)).toBe(text);
  });
});
