import { describe, expect, it } from 'vitest';
import { explainBootstrapFailure, parseBootstrap, parseClockSkew, parseLogLine } from '../../../src/main/tor/bootstrap';
import { onionError, onionFailureOf, SOCKS_REPLY } from '../../../src/main/tor/onion-errors';

describe('bootstrap status', () => {
  it('parses STATUS_CLIENT BOOTSTRAP events, with and without a warning', () => {
    expect(parseBootstrap('NOTICE BOOTSTRAP PROGRESS=50 TAG=loading_descriptors SUMMARY="Loading relay descriptors"')).toEqual({
      progress: 50,
      tag: 'loading_descriptors',
      summary: 'Loading relay descriptors',
    });
    expect(
      parseBootstrap('WARN BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY="Connecting to a relay" WARNING="Connection refused" REASON=CONNECTREFUSED COUNT=3 RECOMMENDATION=ignore'),
    ).toEqual({ progress: 5, tag: 'conn', summary: 'Connecting to a relay', warning: 'Connection refused', reason: 'CONNECTREFUSED', count: 3 });
    expect(parseBootstrap('NOTICE CIRCUIT_ESTABLISHED')).toBeUndefined();
    expect(parseBootstrap('NOTICE BOOTSTRAP PROGRESS=x')).toBeUndefined();
  });

  it('parses log lines and clock skew reports', () => {
    const at = new Date('2025-01-01T00:00:00Z');
    expect(parseLogLine('Nov 22 00:06:28.894 [warn] Something odd', at)).toEqual({ at: at.toISOString(), severity: 'warn', message: 'Something odd' });
    expect(parseLogLine('plain text', at)).toMatchObject({ severity: 'notice', message: 'plain text' });
    expect(parseLogLine('   ', at)).toBeUndefined();
    expect(parseClockSkew('CLOCK_SKEW SKEW=-7200 SOURCE=OR:1.2.3.4:443')).toBe(-7200);
    expect(parseClockSkew('Our clock is 3 hours behind the time published in the consensus')).toBe(-10800);
    expect(parseClockSkew('nothing to see')).toBeUndefined();
  });

  it('explains a failed bootstrap by what was seen', () => {
    const phase = (progress: number, extra: Partial<{ reason: string; warning: string }> = {}) => ({ progress, tag: 't', summary: 's', ...extra });
    expect(explainBootstrapFailure({ warnings: [], clockSkewSeconds: -7200, last: phase(5) }, 60)).toMatchObject({
      kind: 'clock-skew',
      message: expect.stringMatching(/2 hours behind/),
      nextStep: expect.stringMatching(/timedatectl/),
    });
    expect(explainBootstrapFailure({ warnings: [], last: phase(5), lastWarning: phase(5, { reason: 'NOROUTE', warning: 'No route to host' }) }, 60)).toMatchObject({
      kind: 'no-network',
      message: expect.stringMatching(/No route to host/),
    });
    expect(explainBootstrapFailure({ warnings: [], last: phase(5), lastWarning: phase(5, { reason: 'TIMEOUT' }) }, 60)).toMatchObject({
      kind: 'blocked',
      nextStep: expect.stringMatching(/bridges/),
    });
    expect(explainBootstrapFailure({ warnings: [] }, 60).kind).toBe('blocked');
    expect(explainBootstrapFailure({ warnings: [], last: phase(50) }, 60).kind).toBe('directory');
    expect(explainBootstrapFailure({ warnings: [], last: phase(90) }, 60).kind).toBe('circuits');
  });
});

describe('onion connection failures', () => {
  const addr = `${'a'.repeat(56)}.onion:8443`;

  it('maps Tor extended SOCKS replies to distinct errors', () => {
    expect(onionError(SOCKS_REPLY.HS_MISSING_CLIENT_AUTH, addr)).toMatchObject({ code: 'AUTH_FAILED', message: expect.stringMatching(/not authorised.*has no key/), detail: { socksReply: '0xF4' } });
    expect(onionError(SOCKS_REPLY.HS_WRONG_CLIENT_AUTH, addr)).toMatchObject({ code: 'AUTH_FAILED', message: expect.stringMatching(/not authorised.*revoked/) });
    expect(onionError(SOCKS_REPLY.HS_DESC_NOT_FOUND, addr)).toMatchObject({ code: 'UNREACHABLE', message: expect.stringMatching(/not online/) });
    expect(onionError(SOCKS_REPLY.HS_INTRO_TIMEDOUT, addr)).toMatchObject({ code: 'UNREACHABLE', message: expect.stringMatching(/did not answer/) });
    expect(onionError(SOCKS_REPLY.CONNECTION_REFUSED, addr)).toMatchObject({ code: 'UNREACHABLE', message: expect.stringMatching(/core.https_address/) });
    expect(onionError(SOCKS_REPLY.HS_BAD_ADDRESS, addr)).toMatchObject({ code: 'VALIDATION' });
    expect(onionError(SOCKS_REPLY.GENERAL_FAILURE, addr)).toMatchObject({ code: 'UNREACHABLE', detail: { socksReply: '0x01' } });
    const messages = new Set(Object.values(SOCKS_REPLY).map((c) => onionFailureOf(c)));
    expect(messages.size).toBe(6);
  });
});
