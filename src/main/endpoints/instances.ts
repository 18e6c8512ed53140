import { toErrorShape } from '../../shared/errors';
import type { Instance, InstanceAction } from '../../shared/instances';
import type { LxdClient } from '../lxd';
import { InstanceFeed, type Stream } from './feed';
import { toInstanceView } from './instance-view';
import type { EndpointRegistry } from './registry';

const RUNNING = 103;
const STOPPED = 102;

/**
 * Instances of an endpoint: list, state changes, delete, and a live feed from LXD's events
 * stream. One LXD events connection per endpoint serves every subscriber.
 */
export class InstanceService {
  private readonly feeds = new Map<string, InstanceFeed>();

  constructor(private readonly registry: EndpointRegistry) {
    registry.onRemoved((name) => {
      const feed = this.feeds.get(name);
      this.feeds.delete(name);
      feed?.fail({ code: 'NOT_FOUND', message: `The endpoint "${name}" was removed.` });
    });
  }

  async list(endpoint: string, project?: string): Promise<Instance[]> {
    const client = await this.registry.client(endpoint);
    const list = await client.instances.list(project ? { project, recursion: 2 } : { allProjects: true, recursion: 2 });
    return list.map(toInstanceView).sort((a, b) => a.project.localeCompare(b.project) || a.name.localeCompare(b.name));
  }

  private async get(client: LxdClient, project: string, name: string): Promise<Instance> {
    const instance = await client.instances.get(name, { project, recursion: 1 });
    const state = instance.status_code === RUNNING ? await client.instances.state(name, { project }) : null;
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
    if (instance.status_code !== STOPPED) {
      await client.instances.setState(input.name, { action: 'stop', force: true, timeout: 30 }, { project: input.project });
    }
    await client.instances.delete(input.name, { project: input.project });
  }

  /** Subscribes to an endpoint's instance changes; returns the unsubscribe function. */
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

  private openFeed(endpoint: string): InstanceFeed {
    let client: LxdClient | undefined;
    const feed = new InstanceFeed(endpoint, async (project, name) => {
      if (!client) throw new Error('not connected');
      return this.get(client, project, name);
    });
    this.registry.client(endpoint).then(
      (connected) => {
        client = connected;
        const sub = connected.events.subscribe({
          types: ['lifecycle'],
          onState: (state, reason) => feed.onConnection(state, reason),
          onEvent: (event) => feed.onLxdEvent(event),
        });
        feed.attach(() => sub.close());
      },
      (err: unknown) => {
        if (this.feeds.get(endpoint) === feed) this.feeds.delete(endpoint);
        feed.fail(toErrorShape(err));
      },
    );
    return feed;
  }
}
