import { describe, expect, it } from 'vitest';
import { FlowWindow } from '../../../src/main/terminal/flow';
import { ByteRing } from '../../../src/main/terminal/ring';

describe('ByteRing', () => {
  it('keeps everything below its capacity', () => {
    const ring = new ByteRing(10);
    ring.append(Buffer.from('abc'));
    ring.append(Buffer.from('def'));
    expect(ring.snapshot().toString()).toBe('abcdef');
    expect(ring.truncated).toBe(false);
  });

  it('keeps only the last bytes, whatever the chunk sizes', () => {
    const ring = new ByteRing(5);
    for (const part of ['ab', 'cd', 'ef', 'g']) ring.append(Buffer.from(part));
    expect(ring.snapshot().toString()).toBe('cdefg');
    expect(ring.length).toBe(5);
    expect(ring.truncated).toBe(true);
    ring.append(Buffer.from('0123456789'));
    expect(ring.snapshot().toString()).toBe('56789');
  });

  it('stays bounded under a flood', () => {
    const ring = new ByteRing(1024);
    for (let i = 0; i < 10_000; i++) ring.append(Buffer.alloc(100, i % 256));
    expect(ring.length).toBe(1024);
    expect(ring.snapshot().length).toBe(1024);
  });
});

describe('FlowWindow', () => {
  it('pauses above the high mark and resumes at the low mark', () => {
    const flow = new FlowWindow(100, 40);
    expect(flow.sent(60, 60)).toBe(false);
    expect(flow.sent(120, 60)).toBe(true);
    expect(flow.paused).toBe(true);
    expect(flow.sent(150, 30)).toBe(false); // already paused: said once
    expect(flow.ack(60)).toBe(false); // 90 in flight
    expect(flow.ack(120)).toBe(true); // 30 in flight
    expect(flow.inflight).toBe(30);
    expect(flow.paused).toBe(false);
  });

  it('resets for a new consumer', () => {
    const flow = new FlowWindow(10);
    flow.sent(20, 20);
    expect(flow.reset()).toBe(true);
    expect(flow.inflight).toBe(0);
    expect(flow.reset()).toBe(false);
  });
});
