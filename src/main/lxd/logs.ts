import { BcmError } from '../../shared/errors';
import type { Scope } from './collection';
import { seg, type LxdCore, type LxdRequestOptions } from './core';

/** An instance's log files kept by LXD (lxc.log, lxc.conf, exec output records). */
export class LogsApi {
  constructor(private readonly core: LxdCore) {}

  private opts(scope: Scope = {}): LxdRequestOptions {
    return scope.project !== undefined ? { project: scope.project } : {};
  }

  /** File names, e.g. ["lxc.conf", "lxc.log"]. */
  async list(name: string, scope?: Scope): Promise<string[]> {
    const urls = await this.core.get<string[]>(`/1.0/instances/${seg(name)}/logs`, this.opts(scope));
    return urls.map((u) => decodeURIComponent(u.split('?')[0]?.split('/').pop() ?? ''));
  }

  /** One log file's text. */
  async get(name: string, file: string, scope?: Scope): Promise<string> {
    const url = this.core.url(`/1.0/instances/${seg(name)}/logs/${seg(file)}`, this.opts(scope));
    const res = await this.core.transport.request('GET', url);
    if (res.status !== 200) {
      try {
        this.core.interpret(res.status, undefined, res.body, `GET logs/${file}`);
      } catch (err) {
        // LXD 5.0.2 answers 500 "open ...: no such file or directory" for a missing log file.
        if (err instanceof BcmError && err.code === 'LXD_ERROR' && /no such file or directory/.test(err.message)) {
          throw new BcmError('NOT_FOUND', `${name} has no log file ${file}.`, err.detail);
        }
        throw err;
      }
    }
    return res.body.toString('utf8');
  }

  async delete(name: string, file: string, scope?: Scope): Promise<void> {
    await this.core.delete(`/1.0/instances/${seg(name)}/logs/${seg(file)}`, this.opts(scope));
  }
}
