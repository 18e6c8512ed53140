import { describe, expect, it } from 'vitest';
import { eventChannels, invokeChannels } from '../../../src/shared/contract';

// What the renderer may send is checked by main before any handler runs (the renderer is less trusted).
describe('terminal and log channels in the contract', () => {
  const write = invokeChannels['terminal.write'].input;
  const open = invokeChannels['terminal.open'].input;
  const tail = eventChannels['logs.tail'].params;

  it('accepts keystrokes as text or base64, for a well-formed session id only', () => {
    expect(write.parse({ sessionId: 't-abcdefgh1234', data: 'ls\r' })).toMatchObject({ encoding: 'utf8' });
    expect(write.safeParse({ sessionId: '../etc', data: 'x' }).success).toBe(false);
    expect(write.safeParse({ sessionId: 't-abcdefgh1234', data: 'x', extra: 1 }).success).toBe(false);
  });

  it('bounds terminal sizes and checks a preset', () => {
    const base = { endpoint: 'local', name: 'c1', cols: 80, rows: 24 };
    expect(open.parse(base)).toMatchObject({ project: 'default', shell: 'auto' });
    expect(open.safeParse({ ...base, cols: 0 }).success).toBe(false);
    expect(open.safeParse({ ...base, rows: 10_000 }).success).toBe(false);
    expect(open.safeParse({ ...base, preset: { title: 'x', aliases: [{ name: 'rm -rf /', command: 'x' }] } }).success).toBe(false);
    expect(open.parse({ ...base, preset: { title: 'lnd', aliases: [{ name: 'lncli', command: 'lncli --network=regtest' }] } }).preset).toEqual({
      title: 'lnd',
      aliases: [{ name: 'lncli', command: 'lncli --network=regtest' }],
      env: {},
    });
  });

  it('takes only absolute paths, unit names and LXD log names as sources', () => {
    const base = { tailId: 'l-0123456789ab', endpoint: 'local', name: 'c1' };
    expect(tail.parse({ ...base, source: { kind: 'file', path: '/var/log/messages' } })).toMatchObject({ backlog: 500, project: 'default' });
    expect(tail.safeParse({ ...base, source: { kind: 'file', path: 'relative.log' } }).success).toBe(false);
    expect(tail.safeParse({ ...base, source: { kind: 'file', path: '/a\n/b' } }).success).toBe(false);
    expect(tail.safeParse({ ...base, source: { kind: 'journal', unit: 'x; rm -rf /' } }).success).toBe(false);
    expect(tail.safeParse({ ...base, source: { kind: 'lxd', file: '../../etc/passwd' } }).success).toBe(false);
    expect(tail.safeParse({ ...base, source: { kind: 'lxd', file: 'lxc.log' }, resume: Array(51).fill('x') }).success).toBe(false);
  });
});
