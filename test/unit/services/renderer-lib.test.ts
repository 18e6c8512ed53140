import { describe, expect, it } from 'vitest';
import { formatBtcOrSats, formatHashRate, formatSats, progressText, shortHash } from '../../../src/renderer/dashboards/lib/format';
import { arrivalUnit, blockArrivals, localShare, mempoolSeries, sortRows } from '../../../src/renderer/dashboards/lib/series';

const block = (height: number, time: number) => ({ height, hash: `h${height}`, time, txCount: height, sizeBytes: 2048 });

describe('dashboard series', () => {
  it('block arrivals: consecutive blocks only, long gaps left out, oldest first', () => {
    const { arrivals, leftOut } = blockArrivals([block(3, 100_000 + 1200), block(2, 100_000 + 600), block(1, 100_000), block(0, 0)]);
    expect(arrivals.map((a) => [a.height, a.seconds])).toEqual([['2', 600], ['3', 600]]);
    expect(leftOut).toBe(1);
    expect(arrivalUnit(arrivals).unit).toBe('min');
    expect(arrivalUnit(arrivals).value(arrivals[0]!)).toBe(10);
    expect(arrivalUnit(blockArrivals([block(1, 0), block(2, 3)]).arrivals).unit).toBe('s');
  });

  it('mempool series skip unread samples', () => {
    const points = mempoolSeries([
      { at: 0, blocks: 1, headers: 1, mempoolCount: 3, mempoolBytes: 2048, peers: 0 },
      { at: 1000, blocks: 1, headers: 1, mempoolCount: null, mempoolBytes: null, peers: 0 },
    ]);
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({ count: 3, kib: 2 });
  });

  it('sorts rows by any column, nulls last, stable', () => {
    const rows = [{ n: 2, s: 'b', x: null }, { n: 1, s: 'B', x: 5 }, { n: 3, s: 'a', x: 1 }];
    expect(sortRows(rows, 'n', 'asc').map((r) => r.n)).toEqual([1, 2, 3]);
    expect(sortRows(rows, 'n', 'desc').map((r) => r.n)).toEqual([3, 2, 1]);
    expect(sortRows(rows, 's', 'asc').map((r) => r.n)).toEqual([3, 2, 1]);
    expect(sortRows(rows, 'x', 'asc').map((r) => r.x)).toEqual([1, 5, null]);
    expect(sortRows(rows, 'x', 'desc').map((r) => r.x)).toEqual([5, 1, null]);
  });

  it('formats amounts, hash rates and progress', () => {
    expect(formatSats(1234567)).toBe('1,234,567 sat');
    expect(formatBtcOrSats(150_000_000)).toBe('1.5 BTC');
    expect(formatBtcOrSats(999)).toBe('999 sat');
    expect(formatHashRate(7.12345e20)).toBe('712 EH/s');
    expect(formatHashRate(null)).toBe('—');
    expect(progressText(0.99999)).toBe('100 %');
    expect(progressText(0.995)).toBe('99.50 %');
    expect(progressText(0.41234)).toBe('41.2 %');
    expect(shortHash('0123456789abcdef0123456789', 4)).toBe('0123…6789');
    expect(localShare(25, 75)).toBe(25);
    expect(localShare(0, 0)).toBe(0);
  });
});
