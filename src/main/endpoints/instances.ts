import type { ErrorShape } from '../../shared/errors';
import { BcmError } from '../../shared/errors';
import type { Instance, InstanceAction, InstanceEvent } from '../../shared/instances';
import type { LxdClient } from '../lxd';
import type { LxdLifecycle } from '../lxd/api';
import type { EndpointRegistry } from './registry';
import { instanceFromSource, toInstanceView } from './instance-view';

interface Stream {
  emit(event: InstanceEvent): void;
  fail(error: ErrorShape): void;
}

interface Feed {
  streams: Set<Stream>;
  close(): void;
  lastState?: InstanceEvent;
}

/**
 * Instances of an endpoint: list, state changes, delete, and a live feed from LXD's events
 * stream. One LXD events connection per endpoint serves every subscriber.
 */
export class InstanceService {
  private readonly feeds = new Map<string, Feed>();

  constructor(private readonly registry: EndpointRegistry) {
    registry.onRemoved((name) => {
      const feed = this.feeds.get(name);
      if (!feed) return;
      this.feeds.delete(name);
      feed.close();
      for (const s of feed.streams) s.fail({ code: 'NOT_FOUND', message: `The endpoint "${name}" was removed.` });
    });
  }

  async list(endpoint: string, project?: string): Promise<Instance[]> {
    const client = await this.registry.client(endpoint);
    const list = await client.instances.list(project ? { project, recursion: 2 } : { allProjects: true, recursion: 2 });
    return list.map(toInstanceView).sort((a, b) => a.project.localeCompare(b.project) || a.name.localeCompare(b.name));
  }

  async get(client: LxdClient, project: string, name: string): Promise<Instance> {
    const instance = await client.instances.get(name, { project, recursion: 1 });
    const state = instance.status_code === 103 ? await client.instances.state(name, { project }) : null;
    return toInstanceView({ ...instance, state });
  }

  async setState(input: { endpoint: string; project: string; name: string; action: InstanceAction; force?: boolean }): Promise<Instance> {
    const client = await this.registry.client(input.endpoint);
    await client.instances.setState(input.name, { action: input.action, force: input.force ?? false, timeout: 30 }, { project: input.project });
    return this.get(client, input.project, input.name);
  }

  /** Deletes an instance; a running one is stopped first (the user confirmed by typing its name). */
  async delete(input: { endpoint: string; project: string; name: string }): Promise<void> {
    const client = await this.registry.client(input.endpoint);
    const instance = await client.instances.get(input.name, { project: input.project });
    if (instance.status_code !== 102) {
      await client.instances.setState(input.name, { action: 'stop', force: true, timeout: 30 }, { project: input.project });
    }
    await client.instances.delete(input.name, { project: input.project });
  }

  /** Subscribes to an endpoint's instance changes. */
  subscribe(endpoint: string, stream: Stream): () => void {
    let feed = this.feeds.get(endpoint);
    if (!feed) {
      feed = this.openFeed(endpoint);
      this.feeds.set(endpoint, feed);
    } else if (feed.lastState) {
      stream.emit(feed.lastState);
    }
    feed.streams.add(stream);
    const current = feed;
    return () => {
      current.streams.delete(stream);
      if (current.streams.size === 0 && this.feeds.get(endpoint) === current) {
        this.feeds.delete(endpoint);
        current.close();
      }
    };
  }

  private openFeed(endpoint: string): Feed {
    const feed: Feed = { streams: new Set(), close: () => undefined };
    let closed = false;
    const broadcast = (event: InstanceEvent): void => {
      if (event.type === 'connection') feed.lastState = event;
      for (const s of feed.streams) s.emit(event);
    };
    const failAll = (err: unknown): void => {
      const error = err instanceof BcmError ? err.toShape() : { code: 'INTERNAL' as const, message: String(err) };
      this.feeds.delete(endpoint);
      for (const s of feed.streams) s.fail(error);
    };
    void this.registry.client(endpoint).then(
      (client) => {
        if (closed) return;
        const sub = client.events.subscribe({
          types: ['lifecycle'],
          onState: (state, reason) =>
            broadcast({ type: 'connection', endpoint, state, ...(reason ? { message: reason } : {}) }),
          onEvent: (event) => {
            const meta = event.metadata as unknown as LxdLifecycle;
            if (typeof meta.action !== 'string' || !meta.action.startsWith('instance-')) return;
            const ref = instanceFromSource(meta.source, event.project ?? 'default');
            if (!ref) return;
            if (meta.action === 'instance-deleted') {
              broadcast({ type: 'instance', endpoint, project: ref.project, name: ref.name, action: meta.action, instance: null });
              return;
            }
            this.get(client, ref.project, ref.name).then(
              (instance) => broadcast({ type: 'instance', endpoint, project: ref.project, name: ref.name, action: meta.action, instance }),
              () => undefined, // gone again before we could look: the deleted event follows
            );
          },
        });
        feed.close = () => {
          closed = true;
          sub.close();
        };
      },
      failAll,
    );
    feed.close = () => {
      closed = true;
    };
    return feed;
  }
}
