import { describe, expect, it } from 'vitest';
import { estimate } from '../../../src/shared/datacenter/catalog';
import { defaultSpec } from '../../../src/shared/datacenter/spec';
import type { EndpointStatus } from '../../../src/shared/endpoints';
import { estimateFit, formatGiB, formatMiB, shareOfFree } from '../../../src/renderer/datacenters/lib/estimate-format';

const GiB = 1024 ** 3;

function endpoint(freeDiskGiB: number, freeMemGiB: number, threads = 8): EndpointStatus {
  return {
    name: 'local',
    reachable: true,
    checkedAt: 'x',
    resources: {
      cpu: { sockets: 1, cores: threads / 2, threads },
      memory: { total: 32 * GiB, used: (32 - freeMemGiB) * GiB },
      disk: { total: 1000 * GiB, used: (1000 - freeDiskGiB) * GiB, pools: 1 },
    },
  };
}

describe('formatting', () => {
  it('formats MiB and GiB amounts', () => {
    expect(formatMiB(512)).toBe('512 MiB');
    expect(formatMiB(2048)).toBe('2 GiB');
    expect(formatMiB(1536)).toBe('1.5 GiB');
    expect(formatGiB(8)).toBe('8 GiB');
    expect(formatGiB(731)).toBe('731 GiB');
    expect(formatGiB(1536)).toBe('1.5 TiB');
    expect(formatGiB(Number.NaN)).toBe('—');
  });
});

describe('estimateFit', () => {
  const regtest = estimate(defaultSpec('t', 'local', 'regtest'));
  const mainnet = estimate(defaultSpec('t', 'local', 'mainnet'));

  it('fits a regtest datacenter on a roomy endpoint', () => {
    const fit = estimateFit(regtest, endpoint(500, 16));
    expect(fit.warnings).toEqual([]);
    expect(fit.disk.short).toBe(false);
    expect(shareOfFree(fit.disk)).toBeGreaterThan(0);
  });

  it('warns when disk or memory is short, naming the numbers', () => {
    const fit = estimateFit(mainnet, endpoint(100, 1, 2));
    expect(fit.disk.short).toBe(true);
    expect(fit.memory.short).toBe(true);
    expect(fit.cpu.over).toBe(true);
    expect(fit.warnings).toHaveLength(3);
    expect(fit.warnings[0]).toContain('100 GiB free');
    expect(shareOfFree(fit.disk)).toBe(100);
  });

  it('says nothing when the endpoint is unknown or unreachable', () => {
    expect(estimateFit(mainnet, undefined).warnings).toEqual([]);
    expect(estimateFit(mainnet, { name: 'x', reachable: false, checkedAt: 'x' }).disk.free).toBeUndefined();
    expect(shareOfFree(estimateFit(mainnet, undefined).disk)).toBe(0);
  });
});
