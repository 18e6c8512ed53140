import type { LogSource, LogSourceInfo, LogTailEvent } from '../../shared/channels/logs';
import type { LxdClient } from '../lxd/index';
import { discoveryCommand, parseDiscovery, sourceLabel } from './commands';
import { execRunner, lxdLogRunner, type Target } from './runners';
import { LogTail, type StartRun, type TailLimits } from './tail';

export interface TailRequest {
  tailId: string;
  endpoint: string;
  project: string;
  name: string;
  source: LogSource;
  backlog: number;
  resume?: string[] | undefined;
}

export interface LogServiceOptions {
  limits?: Partial<TailLimits>;
  /** how often LXD's own logs are read again */
  lxdPollMs?: number;
  /** tails open at once */
  maxTails?: number;
}

const describe: Record<string, string> = {
  'lxc.log': 'LXD: how the container started and stopped',
  'lxc.conf': 'LXD: the generated container configuration',
};

/** Log tails of instances: files and the journal through exec, and LXD's own instance logs. */
export class LogService {
  private readonly tails = new Map<string, LogTail>();

  constructor(
    private readonly clientFor: (endpoint: string) => Promise<LxdClient>,
    private readonly options: LogServiceOptions = {},
  ) {}

  /** What can be followed in an instance; exec-based sources only while it runs. */
  async sources(endpoint: string, project: string, name: string): Promise<{ running: boolean; journal: boolean; sources: LogSourceInfo[] }> {
    const client = await this.clientFor(endpoint);
    const instance = await client.instances.get(name, { project });
    const running = instance.status.toLowerCase() === 'running';
    const sources: LogSourceInfo[] = [];
    let journal = false;
    if (running) {
      try {
        const found = parseDiscovery((await client.exec.run(name, discoveryCommand(), { project })).stdout.toString('utf8'));
        journal = found.journal;
        if (journal) sources.push({ source: { kind: 'journal' }, label: 'Journal', description: 'journalctl -f: every service of the container' });
        for (const path of found.files) sources.push({ source: { kind: 'file', path }, label: path, description: 'tail -F' });
      } catch {
        // no shell in the image: only LXD's own logs can be read
      }
    }
    let lxdFiles: string[] = [];
    try {
      lxdFiles = await client.logs.list(name, { project });
    } catch {
      // an old LXD without instance logs
    }
    for (const file of lxdFiles.filter((f) => f.endsWith('.log') || f.endsWith('.conf')).sort()) {
      const info: LogSourceInfo = { source: { kind: 'lxd', file }, label: sourceLabel({ kind: 'lxd', file }) };
      const text = describe[file];
      if (text) info.description = text;
      sources.push(info);
    }
    return { running, journal, sources };
  }

  /** Starts a tail; the returned function stops it. A tail id in use is replaced. */
  subscribe(request: TailRequest, emit: (event: LogTailEvent) => void): () => void {
    this.tails.get(request.tailId)?.stop();
    const max = this.options.maxTails ?? 64;
    if (!this.tails.has(request.tailId) && this.tails.size >= max) {
      emit({ type: 'state', state: 'ended', message: `${max} log tails are open, the most BCM keeps at once. Close one.`, at: Date.now() });
      return () => undefined;
    }
    const target: Target = { name: request.name, project: request.project };
    const start: StartRun = async (backlog, sink) => {
      const client = await this.clientFor(request.endpoint);
      const runner =
        request.source.kind === 'lxd'
          ? lxdLogRunner(client, target, request.source.file, this.options.lxdPollMs)
          : execRunner(client, target, request.source);
      return runner(backlog, sink);
    };
    const tail = new LogTail(start, emit, { backlog: request.backlog, resume: request.resume }, this.options.limits);
    this.tails.set(request.tailId, tail);
    tail.begin();
    return () => {
      tail.stop();
      if (this.tails.get(request.tailId) === tail) this.tails.delete(request.tailId);
    };
  }

  ack(tailId: string, seq: number): void {
    this.tails.get(tailId)?.ack(seq);
  }

  get open(): number {
    return this.tails.size;
  }

  closeAll(): void {
    for (const tail of this.tails.values()) tail.stop();
    this.tails.clear();
  }
}
