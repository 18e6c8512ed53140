import { BcmError, type ErrorShape } from '../../src/shared/errors';
import type { Endpoint } from '../../src/shared/endpoints';
import type { InstanceEvent } from '../../src/shared/instances';
import { eventChannels, invokeChannels } from '../../src/shared/contract';
import { createRouter, type EventSources, type Handlers, type Router } from '../../src/main/ipc/router';

/**
 * A main side for transport tests: the real router, with handlers that record their calls and
 * answer from memory. What is under test is the transport, not the handlers.
 */
export interface Fixture {
  router: Router;
  calls: Array<{ channel: string; input: unknown }>;
  /** drives the endpoints.changed stream */
  emitEndpoints(list: Endpoint[]): void;
  /** ends every instances.events stream with this error */
  failInstances(error: ErrorShape): void;
  activeSubscriptions(): number;
}

export const sampleEndpoint: Endpoint = {
  schemaVersion: 1,
  name: 'home-server',
  kind: 'https',
  address: '192.0.2.10:8443',
  serverFingerprint: 'a'.repeat(64),
  clientIdentity: 'client',
  addedAt: '2026-11-21T00:00:00.000Z',
};

export function createFixture(): Fixture {
  const calls: Fixture['calls'] = [];
  const endpointListeners = new Set<(list: Endpoint[]) => void>();
  const instanceStreams = new Set<{ emit: (e: InstanceEvent) => void; fail: (e: ErrorShape) => void }>();
  const record = <T>(channel: string, input: unknown, value: T): Promise<T> => {
    calls.push({ channel, input });
    return Promise.resolve(value);
  };
  const notImplemented = (channel: string) => (input: unknown) => {
    calls.push({ channel, input });
    return Promise.reject(new Error(`${channel} blew up`));
  };

  // Channels this fixture does not answer reject like a failing handler would; the ones the
  // suite uses are listed below.
  const rest = Object.fromEntries(Object.keys(invokeChannels).map((c) => [c, notImplemented(c)])) as unknown as Handlers;
  const restSources = Object.fromEntries(
    Object.keys(eventChannels).map((c) => [c, (_p: unknown, _e: unknown, fail: (e: ErrorShape) => void) => (fail({ code: 'INTERNAL', message: `${c} is not part of this fixture` }), () => undefined)]),
  ) as unknown as EventSources;
  const handlers: Handlers = {
    ...rest,
    'app.info': (input) => record('app.info', input, { version: '0.0.0-test', platform: 'linux', bcmHome: '/tmp/bcm', transport: 'test' }),
    'endpoints.list': (input) => record('endpoints.list', input, [sampleEndpoint]),
    'endpoints.status': (input) => {
      calls.push({ channel: 'endpoints.status', input });
      return Promise.reject(new BcmError('CERT_MISMATCH', 'The server certificate changed.', { expected: 'a'.repeat(64), actual: 'b'.repeat(64) }));
    },
    'endpoints.detectLocal': (input) => record('endpoints.detectLocal', input, { state: 'missing' as const, message: 'LXD is not installed — naïve ☃ ✓', nextStep: 'apt install lxd' }),
    'endpoints.addLocal': notImplemented('endpoints.addLocal'),
    'endpoints.probeRemote': notImplemented('endpoints.probeRemote'),
    'endpoints.addRemote': (input) => record('endpoints.addRemote', input, { ...sampleEndpoint, name: input.name, address: input.address }),
    'endpoints.remove': (input) => record('endpoints.remove', input, { removed: input.name }),
    'instances.list': async (input) => {
      calls.push({ channel: 'instances.list', input });
      await new Promise((r) => setTimeout(r, input.project === 'slow' ? 30 : 0));
      return [];
    },
    'instances.setState': notImplemented('instances.setState'),
    'instances.delete': notImplemented('instances.delete'),
  };
  const sources: EventSources = {
    ...restSources,
    'endpoints.changed': (_params, emit) => {
      endpointListeners.add(emit);
      return () => endpointListeners.delete(emit);
    },
    'instances.events': (params, emit, fail) => {
      const stream = { emit, fail };
      instanceStreams.add(stream);
      emit({ type: 'connection', endpoint: params.endpoint, state: 'connected' });
      return () => instanceStreams.delete(stream);
    },
  };
  return {
    router: createRouter(handlers, sources),
    calls,
    emitEndpoints: (list) => endpointListeners.forEach((l) => l(list)),
    failInstances: (error) => [...instanceStreams].forEach((s) => s.fail(error)),
    activeSubscriptions: () => endpointListeners.size + instanceStreams.size,
  };
}
