import { describe, expect, it } from 'vitest';
import {
  actionsFor,
  canDelete,
  instanceStatusColor,
  usageColor,
} from '../../../src/renderer/lib/status';

describe('instance status', () => {
  it('colours LXD status words', () => {
    expect(instanceStatusColor('Running')).toBe('green');
    expect(instanceStatusColor('Stopped')).toBe('gray');
    expect(instanceStatusColor('Frozen')).toBe('cyan');
    expect(instanceStatusColor('Error')).toBe('red');
    expect(instanceStatusColor('Stopping')).toBe('yellow');
    expect(instanceStatusColor('Whatever')).toBe('gray');
  });
  it('offers only actions that make sense', () => {
    expect(actionsFor('Running')).toEqual(['stop', 'restart', 'freeze']);
    expect(actionsFor('Stopped')).toEqual(['start']);
    expect(actionsFor('Frozen')).toEqual(['unfreeze', 'stop']);
    expect(actionsFor('Starting')).toEqual([]);
    expect(canDelete('Stopped')).toBe(true);
    expect(canDelete('Running')).toBe(true);
    expect(canDelete('Stopping')).toBe(false);
  });
  it('colours usage bars by level', () => {
    expect(usageColor(10)).toBe('teal');
    expect(usageColor(80)).toBe('yellow');
    expect(usageColor(95)).toBe('red');
  });
});
