import { describe, expect, it } from 'vitest';
import { parseSizeInput, sizeText, type SizeField } from '../../../src/renderer/datacenters/lib/size-input';

const memory: SizeField = { unit: 'MiB', min: 128, max: 262_144, label: 'Memory' };
const disk: SizeField = { unit: 'GiB', min: 1, max: 16_384, label: 'Disk' };
const cpus: SizeField = { unit: 'count', min: 1, max: 64, label: 'CPUs' };

describe('container size fields', () => {
  it('reads numbers with and without units into the field’s unit', () => {
    expect(parseSizeInput('512', memory)).toEqual({ ok: true, value: 512 });
    expect(parseSizeInput('2 GiB', memory)).toEqual({ ok: true, value: 2048 });
    expect(parseSizeInput('1.5G', memory)).toEqual({ ok: true, value: 1536 });
    expect(parseSizeInput('40', disk)).toEqual({ ok: true, value: 40 });
    expect(parseSizeInput('1 TiB', disk)).toEqual({ ok: true, value: 1024 });
    expect(parseSizeInput('2048 MiB', disk)).toEqual({ ok: true, value: 2 });
    expect(parseSizeInput(' 4 ', cpus)).toEqual({ ok: true, value: 4 });
  });

  it('never guesses: 999 TiB is refused as too big, not read as 999 MiB', () => {
    expect(parseSizeInput('999 TiB', memory)).toEqual({ ok: false, message: 'Memory can be at most 256 GiB.' });
    expect(parseSizeInput('999 TiB', disk)).toEqual({ ok: false, message: 'Disk can be at most 16 TiB.' });
  });

  it('says what is wrong in words', () => {
    expect(parseSizeInput('lots', memory)).toEqual({ ok: false, message: '"lots" is not a size: write a number and a unit, e.g. 2 GiB or 512 MiB.' });
    expect(parseSizeInput('', disk)).toEqual({ ok: false, message: 'Enter the disk, e.g. 4 GiB.' });
    expect(parseSizeInput('0', cpus)).toEqual({ ok: false, message: 'CPUs must be at least 1.' });
    expect(parseSizeInput('1.5', cpus)).toEqual({ ok: false, message: 'CPUs must be a whole number.' });
    expect(parseSizeInput('2 GiB', cpus)).toEqual({ ok: false, message: 'CPUs is a count: write a whole number, e.g. 2.' });
    expect(parseSizeInput('1.3 GiB', disk)).toEqual({ ok: false, message: 'Disk is set in whole GiB.' });
    expect(parseSizeInput('1.7 TiB', disk)).toEqual({ ok: false, message: 'Disk is set in whole GiB: 1.7 TiB is 1740.8 GiB.' });
    expect(parseSizeInput('64 MiB', memory)).toEqual({ ok: false, message: 'Memory must be at least 128 MiB.' });
    expect(parseSizeInput('100000000 bytes', memory)).toEqual({ ok: false, message: 'Bytes are too small a unit here: write MiB, GiB or TiB.' });
  });

  it('writes sizes back in the largest unit that reads well', () => {
    expect(sizeText(2048, 'MiB')).toBe('2 GiB');
    expect(sizeText(1536, 'MiB')).toBe('1.5 GiB');
    expect(sizeText(300, 'MiB')).toBe('300 MiB');
    expect(sizeText(2048, 'GiB')).toBe('2 TiB');
    expect(sizeText(40, 'GiB')).toBe('40 GiB');
  });
});
