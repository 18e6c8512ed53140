import { describe, expect, it } from 'vitest';
import { PYTHON_RELAY, checkTarget, relayCommand } from '../../../src/main/services/transport/relay';
import { relayFailure } from '../../../src/main/services/transport/tunnel';
import { JsonStreamSplitter } from '../../../src/main/services/transport/unix-json-rpc';

describe('the relay command carried by an exec tunnel', () => {
  it('prefers socat and falls back to the Python relay, passing the target as arguments', () => {
    const cmd = relayCommand({ host: '127.0.0.1', port: 18334 });
    expect(cmd.slice(0, 2)).toEqual(['sh', '-c']);
    expect(cmd[2]).toContain('command -v socat');
    expect(cmd.slice(3)).toEqual(['bcm-relay', 'TCP:127.0.0.1:18334', PYTHON_RELAY, '127.0.0.1:18334']);
    expect(relayCommand({ unix: '/var/lib/lightning/regtest/lightning-rpc' }, 'socat')).toEqual(['socat', '-', 'UNIX-CONNECT:/var/lib/lightning/regtest/lightning-rpc']);
    expect(relayCommand({ host: '10.1.2.3', port: 8080 }, 'python')).toEqual(['python3', '-c', PYTHON_RELAY, '10.1.2.3:8080']);
  });

  it('refuses targets that could smuggle shell or socat options', () => {
    expect(() => checkTarget({ host: 'a;rm -rf /', port: 1 })).toThrow(/host/);
    expect(() => checkTarget({ host: 'x', port: 70000 })).toThrow(/port/);
    expect(() => checkTarget({ unix: 'relative/path' })).toThrow(/socket/);
    expect(() => checkTarget({ unix: '/tmp/a,fork' })).toThrow(/socket/);
  });

  it('turns what a relay printed into messages for people', () => {
    expect(relayFailure('2026/11/22 socat[12] E connect(5, AF=2 127.0.0.1:1234, 16): Connection refused', "btcd's RPC", '127.0.0.1:1234')).toMatchObject({
      code: 'UNREACHABLE',
      message: expect.stringMatching(/btcd's RPC is not listening \(127\.0\.0\.1:1234: connection refused\)/),
    });
    expect(relayFailure("FileNotFoundError: [Errno 2] No such file or directory", 'Core Lightning', '/x/lightning-rpc').message).toMatch(/no socket at \/x\/lightning-rpc yet/);
    expect(relayFailure('sh: 1: exec: python3: not found', 'lnd', 'x').code).toBe('PRECONDITION_FAILED');
  });
});

describe("Core Lightning's reply stream", () => {
  it('splits replies at blank lines, across chunks', () => {
    const s = new JsonStreamSplitter();
    expect(s.push('{"jsonrpc":"2.0","id":0,"res')).toEqual([]);
    expect(s.push('ult":{"a":1}}\n\n{"jsonrpc":"2.0","id":1,"result":{}}\n\n{"id"')).toEqual([
      { jsonrpc: '2.0', id: 0, result: { a: 1 } },
      { jsonrpc: '2.0', id: 1, result: {} },
    ]);
    expect(s.push(':2}\n\n')).toEqual([{ id: 2 }]);
  });
});
