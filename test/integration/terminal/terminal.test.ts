import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TerminalOutput } from '../../../src/shared/channels/terminal';
import type { ErrorShape } from '../../../src/shared/errors';
import { LxdClient, createUnixTransport } from '../../../src/main/lxd/index';
import { TerminalService } from '../../../src/main/terminal/service';

// Real LXD (scripts/setup-test-env.sh), a busybox container: sh and no bash.
const IMAGE = 'bcm-test-busybox';
const lxc = (...args: string[]): string => execFileSync('lxc', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const running = `bcmt-term-${process.pid}`;
const stopped = `bcmt-term-${process.pid}-s`;

/** An attached renderer in memory: collects the output text and acknowledges like the real one. */
function attach(service: TerminalService, sessionId: string, options: { ack?: boolean } = {}) {
  let text = '';
  let bytes = 0;
  const exits: TerminalOutput[] = [];
  const failures: ErrorShape[] = [];
  const stop = service.attach(
    sessionId,
    (event) => {
      if (event.type === 'exit') exits.push(event);
      else {
        const chunk = Buffer.from(event.data, 'base64');
        bytes += chunk.length;
        text += chunk.toString('utf8');
        if (options.ack !== false) service.ack(sessionId, event.offset);
      }
    },
    (e) => failures.push(e),
  );
  return { stop, exits, failures, text: () => text, bytes: () => bytes };
}

async function until(what: string, probe: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('terminal sessions against the real LXD', () => {
  let client: LxdClient;
  let service: TerminalService;
  const target = { endpoint: 'local', project: 'default', name: running, shell: 'auto' as const, cols: 80, rows: 24 };

  beforeAll(() => {
    lxc('launch', IMAGE, running);
    lxc('init', IMAGE, stopped);
    client = new LxdClient(createUnixTransport('/var/lib/lxd/unix.socket'));
    service = new TerminalService(async () => client, { graceMs: 2_000 });
  });

  afterAll(async () => {
    await service.closeAll();
    client.close();
    for (const name of [running, stopped]) {
      try {
        lxc('delete', '--force', name);
      } catch {
        // already gone
      }
    }
  });

  it('opens sh where bash is missing, says so, computes and follows a resize', async () => {
    const info = await service.open(target);
    expect(info).toMatchObject({ shell: '/bin/sh', state: 'running', notice: `bash is not installed in ${running}: this is /bin/sh instead.` });
    const term = attach(service, info.sessionId);
    service.write(info.sessionId, Buffer.from('echo $((6*7))\r'));
    await until('42', () => /\r\n42\r\n/.test(term.text()));
    service.resize(info.sessionId, 123, 37);
    service.write(info.sessionId, Buffer.from('stty size\r'));
    await until('the new size', () => term.text().includes('37 123'));
    await service.close(info.sessionId);
    expect(service.list()).toEqual([]);
  });

  it('a preset shell has its aliases and banner, and its rc file cleans up after itself', async () => {
    const info = await service.open({
      ...target,
      preset: { title: 'answer-cli', aliases: [{ name: 'answer', command: 'echo the answer is $((6*7))' }], banner: 'answer-cli ready' },
    });
    expect(info.title).toBe('answer-cli');
    const term = attach(service, info.sessionId);
    await until('the banner', () => term.text().includes('answer-cli ready'));
    service.write(info.sessionId, Buffer.from('answer\r'));
    await until('the alias', () => term.text().includes('the answer is 42'));
    expect(lxc('exec', running, '--', 'sh', '-c', 'ls -a /tmp')).not.toContain('.bcm-');
    await service.close(info.sessionId);
  });

  it('a reattach replays the scrollback; a second window takes the session over', async () => {
    const info = await service.open(target);
    const first = attach(service, info.sessionId);
    service.write(info.sessionId, Buffer.from('echo before-$((1+1))\r'));
    await until('output', () => first.text().includes('before-2'));
    first.stop();
    service.write(info.sessionId, Buffer.from('echo while-detached\r'));
    await new Promise((r) => setTimeout(r, 200));
    const second = attach(service, info.sessionId);
    await until('the replay', () => second.text().includes('before-2') && second.text().includes('while-detached'));
    const third = attach(service, info.sessionId);
    expect(second.failures).toEqual([{ code: 'CONFLICT', message: 'This terminal was opened in another window.' }]);
    third.stop();
    await service.close(info.sessionId);
  });

  it('holds a flood of output when nobody acknowledges, and lets it through on acknowledgement', async () => {
    const info = await service.open(target);
    const term = attach(service, info.sessionId, { ack: false });
    await until('the prompt', () => term.bytes() > 0);
    service.write(info.sessionId, Buffer.from('yes 0123456789abcdef | head -c 4000000; echo; echo flood-done\r'));
    await new Promise((r) => setTimeout(r, 1_500));
    const held = term.bytes();
    // the window (256 KiB) plus what was in flight: far below the 4 MB produced
    expect(held).toBeLessThan(1024 * 1024);
    term.stop(); // detached: the session drains into its bounded scrollback
    const again = attach(service, info.sessionId);
    await until('the end of the flood', () => again.text().includes('flood-done'), 30_000);
    again.stop();
    await service.close(info.sessionId);
  });

  it('reports the exit code, and closing ends the shell in the container', async () => {
    const info = await service.open(target);
    const term = attach(service, info.sessionId);
    service.write(info.sessionId, Buffer.from('exit 3\r'));
    await until('the exit', () => term.exits.length > 0);
    expect(term.exits[0]).toEqual({ type: 'exit', exitCode: 3, message: 'Session ended (exit code 3).' });

    const other = await service.open(target);
    const shells = (): number => lxc('exec', running, '--', 'ps', '-o', 'args').split('\n').filter((l) => l.trim() === '/bin/sh -l').length;
    expect(shells()).toBe(1);
    await service.close(other.sessionId);
    await until('the shell to end', () => shells() === 0);
    await service.close(info.sessionId);
  });

  it('a detached session ends after its grace period', async () => {
    const info = await service.open(target);
    attach(service, info.sessionId).stop();
    await until('the session to go', () => service.list().every((s) => s.sessionId !== info.sessionId), 5_000);
    expect(() => service.write(info.sessionId, Buffer.from('x'))).toThrow(/has ended and is gone/);
  });

  it('says a stopped container must be started first', async () => {
    await expect(service.open({ ...target, name: stopped })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `${stopped} is stopped: commands can only run in a running instance. Start it, then try again.`,
    });
    await expect(service.open({ ...target, name: `${running}-nope` })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
