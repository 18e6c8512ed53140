import type { LogSource } from '../../shared/channels/logs';
import { BcmError } from '../../shared/errors';
import { openExecStream, type LxdClient, type Scope } from '../lxd/index';
import { notRunningError } from '../terminal/errors';
import { appendedSince, lastLines } from './appended';
import { followCommand } from './commands';
import type { Run, RunEnd, StartRun } from './tail';

export interface Target extends Scope {
  name: string;
}

/** Reads a file or the journal through a streamed exec (`tail -F`, `journalctl -f`). */
export function execRunner(client: LxdClient, target: Target, source: Exclude<LogSource, { kind: 'lxd' }>): StartRun {
  return async (backlog, sink) => {
    const command = followCommand(source, backlog);
    let stream;
    try {
      stream = await openExecStream(client, target.name, command, { project: target.project, env: { LANG: 'C.UTF-8' } });
    } catch (err) {
      throw await notRunningError(err, client, target.name, { project: target.project });
    }
    stream.onStdout((chunk) => sink.stdout(chunk));
    stream.onStderr((chunk) => sink.stderr(chunk));
    const ended = stream.ended.then((end): RunEnd => {
      if (end.dropped) return end.error ? { kind: 'dropped', message: end.error } : { kind: 'dropped' };
      if (end.exitCode === 127) {
        return { kind: 'gone', exitCode: 127, message: `${command[0]} is not installed in ${target.name}, so this log cannot be followed.` };
      }
      return end.error ? { kind: 'exit', exitCode: end.exitCode, message: end.error } : { kind: 'exit', exitCode: end.exitCode };
    });
    return {
      pause: () => stream.pause(),
      resume: () => stream.resume(),
      stop: () => stream.close(),
      ended,
    };
  };
}

/**
 * Follows one of LXD's own log files of an instance (lxc.log): LXD serves them whole, so this
 * reads the file every `intervalMs` and passes on what was added. Works on stopped instances.
 */
export function lxdLogRunner(client: LxdClient, target: Target, file: string, intervalMs = 2_000): StartRun {
  return async (backlog, sink) => {
    const read = (): Promise<string> => client.logs.get(target.name, file, { project: target.project });
    let previous = await read();
    const history = lastLines(previous, backlog);
    if (history.length > 0) sink.stdout(Buffer.from(history, 'utf8'));
    let paused = false;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let finish: (end: RunEnd) => void = () => undefined;
    const ended = new Promise<RunEnd>((resolve) => (finish = resolve));
    const poll = async (): Promise<void> => {
      if (stopped) return;
      if (!paused) {
        try {
          const next = await read();
          if (stopped) return;
          const { text, reset } = appendedSince(previous, next);
          previous = next;
          if (reset) sink.stderr(Buffer.from(`${file} was recreated (the instance restarted); showing it from the start.\n`));
          if (text.length > 0) sink.stdout(Buffer.from(text, 'utf8'));
        } catch (err) {
          stopped = true;
          if (err instanceof BcmError && err.code === 'NOT_FOUND') finish({ kind: 'gone', message: `${file} of ${target.name} is gone.` });
          else finish({ kind: 'dropped', message: err instanceof Error ? err.message : String(err) });
          return;
        }
      }
      timer = setTimeout(() => void poll(), intervalMs);
    };
    timer = setTimeout(() => void poll(), intervalMs);
    const run: Run = {
      pause: () => (paused = true),
      resume: () => (paused = false),
      stop: () => {
        stopped = true;
        clearTimeout(timer);
        finish({ kind: 'exit' });
      },
      ended,
    };
    return run;
  };
}
