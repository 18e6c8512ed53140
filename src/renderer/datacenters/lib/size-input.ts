/**
 * What a person types into a container size field, read honestly: a number with or without a
 * unit ("2 GiB", "512M", "1.5 TiB", "4"), converted to the field's unit, or a sentence saying
 * what is wrong. Nothing is guessed: "999 TiB" is not 999 MiB, and "lots" is not blank. Pure.
 */

export type SizeUnit = 'MiB' | 'GiB' | 'count';

export interface SizeField {
  unit: SizeUnit;
  min: number;
  max: number;
  /** "Memory", "Disk", "CPUs" */
  label: string;
}

export type SizeParse = { ok: true; value: number } | { ok: false; message: string };

const FACTOR_MIB: Record<string, number> = { k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024, p: 1024 * 1024 * 1024 };

/** "512 MiB", "2 GiB", "1 TiB": the field's value in words, for messages and the placeholder */
export function sizeText(value: number, unit: SizeUnit): string {
  if (unit === 'count') return String(value);
  const mib = unit === 'GiB' ? value * 1024 : value;
  for (const [u, f] of [['TiB', 1024 * 1024], ['GiB', 1024]] as const) {
    if (mib >= f && mib % (f / 4) === 0) return `${+(mib / f).toFixed(2)} ${u}`;
  }
  return `${mib} MiB`;
}

export function parseSizeInput(text: string, field: SizeField): SizeParse {
  const raw = text.trim();
  if (raw === '') return { ok: false, message: `Enter the ${field.label.toLowerCase()}${field.unit === 'count' ? '' : `, e.g. ${sizeText(field.min * 4, field.unit)}`}.` };
  const m = /^(\d+(?:[.,]\d+)?)\s*(?:([kmgtp])(?:i?b)?|(b|bytes?))?$/i.exec(raw);
  if (!m) {
    const example = field.unit === 'count' ? '2' : field.unit === 'MiB' ? '2 GiB or 512 MiB' : '40 GiB or 1 TiB';
    return { ok: false, message: `"${raw}" is not a size: write a number${field.unit === 'count' ? '' : ' and a unit'}, e.g. ${example}.` };
  }
  const number = Number(m[1]!.replace(',', '.'));
  const prefix = m[2]?.toLowerCase();
  if (field.unit === 'count') {
    if (prefix || m[3]) return { ok: false, message: `${field.label} is a count: write a whole number, e.g. 2.` };
    if (!Number.isInteger(number)) return { ok: false, message: `${field.label} must be a whole number.` };
    return inRange(number, field);
  }
  if (m[3]) return { ok: false, message: `Bytes are too small a unit here: write MiB, GiB or TiB.` };
  // a bare number is in the field's own unit
  const mib = number * (prefix ? FACTOR_MIB[prefix]! : field.unit === 'GiB' ? 1024 : 1);
  const value = field.unit === 'GiB' ? mib / 1024 : mib;
  if (!Number.isInteger(value)) {
    const sameUnit = !prefix || prefix === field.unit[0]!.toLowerCase();
    return { ok: false, message: `${field.label} is set in whole ${field.unit}${sameUnit ? '' : `: ${raw} is ${+value.toFixed(3)} ${field.unit}`}.` };
  }
  return inRange(value, field);
}

function inRange(value: number, field: SizeField): SizeParse {
  if (value < field.min) return { ok: false, message: `${field.label} must be at least ${sizeText(field.min, field.unit)}.` };
  if (value > field.max) return { ok: false, message: `${field.label} can be at most ${sizeText(field.max, field.unit)}.` };
  return { ok: true, value };
}
