import { describe, expect, it } from 'vitest';
import { AckScheduler } from '../../../src/renderer/terminal/lib/ack';
import { base64ToBytes, binaryStringToBase64 } from '../../../src/renderer/terminal/lib/base64';
import { terminalKeyAction, type KeyLike } from '../../../src/renderer/terminal/lib/keys';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  type: 'keydown',
  key: k,
  ctrlKey: false,
  shiftKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('terminal shortcuts', () => {
  it('Ctrl+C interrupts unless text is selected', () => {
    expect(terminalKeyAction(key('c', { ctrlKey: true }), false)).toBeNull();
    expect(terminalKeyAction(key('c', { ctrlKey: true }), true)).toBe('copy');
  });
  it('Ctrl+Shift+C/V/F and Cmd+C/V/F are the app', () => {
    expect(terminalKeyAction(key('C', { ctrlKey: true, shiftKey: true }), false)).toBe('copy');
    expect(terminalKeyAction(key('V', { ctrlKey: true, shiftKey: true }), false)).toBe('paste');
    expect(terminalKeyAction(key('f', { metaKey: true }), false)).toBe('search');
    expect(terminalKeyAction(key('v', { ctrlKey: true }), false)).toBeNull(); // the browser's own paste
    expect(terminalKeyAction({ ...key('c', { ctrlKey: true, shiftKey: true }), type: 'keyup' }, false)).toBeNull();
    expect(terminalKeyAction(key('a'), true)).toBeNull();
  });
});

describe('AckScheduler', () => {
  it('acknowledges at the threshold at once, else after the delay', () => {
    const sent: number[] = [];
    const timers: Array<() => void> = [];
    const acks = new AckScheduler((p) => sent.push(p), 100, 50, {
      set: (fn) => timers.push(fn),
      clear: () => timers.splice(0),
    });
    acks.processed(10);
    expect(sent).toEqual([]);
    expect(timers).toHaveLength(1);
    acks.processed(150);
    expect(sent).toEqual([150]);
    acks.processed(160);
    timers[0]?.();
    expect(sent).toEqual([150, 160]);
    acks.processed(160); // nothing new
    acks.reset(1000);
    acks.flush();
    expect(sent).toEqual([150, 160]);
  });
});

describe('base64 for terminal data', () => {
  it('round-trips bytes that are not text', () => {
    const bytes = [0, 1, 127, 128, 200, 255, 0x1b];
    const b64 = binaryStringToBase64(String.fromCharCode(...bytes));
    expect(Array.from(base64ToBytes(b64))).toEqual(bytes);
  });
});
