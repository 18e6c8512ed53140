import { describe, expect, it } from 'vitest';
import { chooseShell, parseProbe, presetRc, probeCommand, shQuote } from '../../../src/main/terminal/shell';

describe('shell choice', () => {
  it('parses the probe: known shell paths only', () => {
    expect(parseProbe('/bin/sh\n/usr/bin/sh\n\ngarbage\n')).toEqual(['/bin/sh', '/usr/bin/sh']);
  });

  it('prefers bash as a login shell', () => {
    expect(chooseShell(['/bin/bash', '/bin/sh'], 'auto', 'c1')).toEqual({ shell: '/bin/bash', argv: ['/bin/bash', '-l'], env: {} });
  });

  it('falls back from bash to sh and says so', () => {
    const plan = chooseShell(['/bin/sh'], 'bash', 'c1');
    expect(plan.shell).toBe('/bin/sh');
    expect(plan.notice).toBe('bash is not installed in c1: this is /bin/sh instead.');
    expect(chooseShell(['/bin/sh'], 'auto', 'c1').notice).toMatch(/bash is not installed/);
  });

  it('runs sh when sh is asked for, without a notice', () => {
    expect(chooseShell(['/bin/bash', '/bin/sh'], 'sh', 'c1')).toEqual({ shell: '/bin/sh', argv: ['/bin/sh', '-l'], env: {} });
  });

  it('says what to do when there is no shell at all', () => {
    expect(() => chooseShell([], 'auto', 'distroless')).toThrow(/No shell found in distroless/);
  });

  it('starts a preset through the rc file: --rcfile for bash, $ENV for sh', () => {
    expect(chooseShell(['/bin/bash'], 'auto', 'c', '/tmp/x.rc').argv).toEqual(['/bin/bash', '--rcfile', '/tmp/x.rc', '-i']);
    expect(chooseShell(['/bin/sh'], 'auto', 'c', '/tmp/x.rc')).toMatchObject({ argv: ['/bin/sh', '-l'], env: { ENV: '/tmp/x.rc' } });
  });

  it('writes the rc file in the probe only for a preset', () => {
    expect(probeCommand()).toHaveLength(3);
    const withRc = probeCommand('/tmp/a.rc');
    expect(withRc.slice(-2)).toEqual(['sh', '/tmp/a.rc']);
    expect(withRc[2]).toContain('cat > "$1"');
  });
});

describe('preset rc', () => {
  it('quotes for a POSIX shell', () => {
    expect(shQuote(`it's "x" $HOME`)).toBe(`'it'\\''s "x" $HOME'`);
  });

  it('sets env, aliases and a banner, then removes itself', () => {
    const rc = presetRc(
      {
        title: 'bitcoind',
        aliases: [{ name: 'bitcoin-cli', command: "bitcoin-cli -datadir=/data -rpcport=18443" }],
        env: { NETWORK: "reg'test" },
        banner: 'bitcoin-cli is ready',
      },
      '/tmp/.bcm-t-x.rc',
    );
    expect(rc).toContain(`export NETWORK='reg'\\''test'`);
    expect(rc).toContain(`alias bitcoin-cli='bitcoin-cli -datadir=/data -rpcport=18443'`);
    expect(rc).toContain(`printf '%s\\n' 'bitcoin-cli is ready'`);
    expect(rc.trim().split('\n').pop()).toBe(`rm -f '/tmp/.bcm-t-x.rc'`);
  });
});
