import { describe, expect, it } from 'vitest';
import { appendLog, bootstrapLabel, foldPairingSteps, isBusy, secondsUntil, severityColor, shortOnion, suggestEndpointName, torStateLook } from '../../../src/renderer/tor/lib';
import type { TorStatus } from '../../../src/shared/channels/tor';

const status = (s: Partial<TorStatus>): TorStatus => ({ state: 'stopped', restarts: 0, ...s });

describe('Tor page helpers', () => {
  it('describes each state and the bootstrap phase', () => {
    expect(torStateLook(status({ state: 'ready' }))).toMatchObject({ label: 'Connected', color: 'teal' });
    expect(torStateLook(status({ state: 'failed' })).color).toBe('red');
    expect(new Set((['stopped', 'starting', 'bootstrapping', 'ready', 'failed', 'restarting'] as const).map((s) => torStateLook(status({ state: s })).label)).size).toBe(6);
    expect(bootstrapLabel(status({ state: 'bootstrapping', bootstrap: { progress: 45.4, tag: 'loading_descriptors', summary: 'Loading relay descriptors' } }))).toBe('45% · Loading relay descriptors');
    expect(bootstrapLabel(status({ state: 'bootstrapping', bootstrap: { progress: 5, tag: 'conn', summary: '' } }))).toBe('5% · conn');
    expect(bootstrapLabel(status({ state: 'starting' }))).toBe('Starting…');
    expect(isBusy(status({ state: 'restarting' }))).toBe(true);
    expect(isBusy(status({ state: 'ready' }))).toBe(false);
  });

  it('counts down to a restart and colours log severities', () => {
    expect(secondsUntil('2025-01-01T00:00:05.000Z', Date.parse('2025-01-01T00:00:00.500Z'))).toBe(5);
    expect(secondsUntil('2025-01-01T00:00:00.000Z', Date.parse('2025-01-01T00:01:00Z'))).toBe(0);
    expect(secondsUntil(undefined, 0)).toBe(0);
    expect(severityColor('err')).toBe('red');
    expect(severityColor('warn')).toBe('orange');
  });

  it('keeps the last log lines', () => {
    const line = (m: string) => ({ at: 'x', severity: 'notice' as const, message: m });
    expect(appendLog(undefined, line('a'))).toEqual([line('a')]);
    expect(appendLog([line('a'), line('b')], line('c'), 2)).toEqual([line('b'), line('c')]);
  });

  it('folds pairing progress into one state per step', () => {
    const steps = foldPairingSteps([
      { step: 'check', state: 'active' },
      { step: 'check', state: 'done' },
      { step: 'tor', state: 'active', progress: 40, message: 'Loading' },
    ]);
    expect(steps.check).toEqual({ state: 'done' });
    expect(steps.tor).toEqual({ state: 'active', progress: 40, message: 'Loading' });
    expect(steps.save).toEqual({ state: 'pending' });
  });

  it('suggests a free endpoint name and shortens onion addresses', () => {
    expect(suggestEndpointName('Home Server!', [])).toBe('home-server');
    expect(suggestEndpointName('home', ['home', 'home-2'])).toBe('home-3');
    expect(suggestEndpointName('***', [])).toBe('home-server');
    expect(shortOnion(`${'a'.repeat(50)}bcdefg.onion:8443`)).toBe('aaaaaaaa…bcdefg.onion');
    expect(shortOnion('short.onion')).toBe('short.onion');
  });
});
