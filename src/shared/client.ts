import { BcmError } from './errors';
import type { ErrorShape } from './errors';
import type {
  EventChannel,
  EventParams,
  EventPayload,
  InvokeChannel,
  InvokeInput,
  InvokeOutput,
} from './contract';
import type { WireBridge } from './wire';

/** The typed API the renderer uses, over whichever transport. */
export interface BcmApi {
  invoke<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<InvokeOutput<C>>;
  subscribe<E extends EventChannel>(
    channel: E,
    params: EventParams<E>,
    listener: (payload: EventPayload<E>) => void,
    onError?: (error: BcmError) => void,
  ): () => void;
}

export function createClient(bridge: WireBridge): BcmApi {
  return {
    async invoke(channel, input) {
      const result = await bridge.invoke(channel, input);
      if (!result.ok) throw BcmError.fromShape(result.error);
      // Main produced this value from the contract's output schema for this channel.
      return result.value as InvokeOutput<typeof channel>;
    },
    subscribe(channel, params, listener, onError) {
      return bridge.subscribe(
        channel,
        params,
        (payload) => listener(payload as EventPayload<typeof channel>),
        (error: ErrorShape) => onError?.(BcmError.fromShape(error)),
      );
    },
  };
}
