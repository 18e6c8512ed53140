import { describe, expect, it } from 'vitest';
import { parseEnvelope, parseOperation } from '../../../src/main/lxd';

const op = {
  id: 'abc',
  class: 'task',
  description: 'Starting instance',
  created_at: '2024-01-01T00:00:00Z',
  updated_at: '2024-01-01T00:00:00Z',
  status: 'Running',
  status_code: 103,
  resources: { instances: ['/1.0/instances/c1'] },
  metadata: null,
  may_cancel: false,
  err: '',
  location: 'none',
};

describe('parseEnvelope', () => {
  it('parses sync, async and error envelopes', () => {
    const sync = parseEnvelope(
      JSON.stringify({
        type: 'sync',
        status: 'Success',
        status_code: 200,
        operation: '',
        error_code: 0,
        error: '',
        metadata: { a: 1 },
      }),
      'GET /1.0',
      200,
    );
    expect(sync).toEqual({ type: 'sync', statusCode: 200, metadata: { a: 1 } });
    const async = parseEnvelope(
      JSON.stringify({
        type: 'async',
        status: 'Operation created',
        status_code: 100,
        operation: '/1.0/operations/abc',
        error_code: 0,
        error: '',
        metadata: op,
      }),
      'PUT x',
      202,
    );
    expect(async).toMatchObject({
      type: 'async',
      operationPath: '/1.0/operations/abc',
      operation: { id: 'abc', status_code: 103 },
    });
    const error = parseEnvelope(
      JSON.stringify({
        type: 'error',
        status: '',
        status_code: 0,
        operation: '',
        error_code: 404,
        error: 'Instance not found',
        metadata: null,
      }),
      'GET x',
      404,
    );
    expect(error).toEqual({ type: 'error', errorCode: 404, error: 'Instance not found', metadata: null });
  });

  it('refuses what is not an LXD envelope', () => {
    expect(() => parseEnvelope('<html>', 'GET /1.0', 200)).toThrow(/not JSON.*Is this address an LXD server/);
    expect(() => parseEnvelope('{"type":"sync"}', 'GET /1.0', 200)).toThrow(/unexpected envelope/);
    expect(() =>
      parseEnvelope(
        JSON.stringify({
          type: 'async',
          status: '',
          status_code: 100,
          operation: '/1.0/operations/x',
          metadata: { id: 1 },
        }),
        'POST',
        202,
      ),
    ).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });

  it('parses an operation and rejects a malformed one', () => {
    expect(parseOperation(op).resources).toEqual({ instances: ['/1.0/instances/c1'] });
    expect(() => parseOperation({ ...op, class: 'other' })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
