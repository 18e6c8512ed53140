import { describe, expect, it } from 'vitest';
import { explainBootstrapFailure, tellingLine } from '../../../src/main/tor/bootstrap';
import { torProblemTitle } from '../../../src/renderer/tor/lib';
import type { TorLogLine } from '../../../src/shared/channels/tor';

const line = (severity: TorLogLine['severity'], message: string): TorLogLine => ({ at: '2026-12-05T12:00:00Z', severity, message });

describe('why Tor would not start, in words', () => {
  it('names the configuration line Tor refused, not "see warnings above"', () => {
    const lines = [
      line('notice', 'Tor 0.4.9 running on Linux.'),
      line('warn', "Failed to parse/validate config: Unknown option 'SocksPolicyy'.  Failing."),
      line('err', 'Reading config failed--see warnings above.'),
    ];
    expect(tellingLine(lines)).toEqual({ message: "Failed to parse/validate config: Unknown option 'SocksPolicyy'.  Failing.", config: true });
  });

  it('falls back to the last real error, and has nothing to say about generic lines alone', () => {
    expect(tellingLine([line('warn', 'Could not bind to 127.0.0.1:9050: Address already in use.'), line('err', 'Reading config failed--see warnings above.')])).toEqual({
      message: 'Could not bind to 127.0.0.1:9050: Address already in use.',
      config: false,
    });
    expect(tellingLine([line('err', 'Reading config failed--see warnings above.')])).toBeUndefined();
  });

  it('does not quote Tor\u2019s "DONE" reason code as what Tor said', () => {
    const why = explainBootstrapFailure({ last: { progress: 10, tag: 'conn_done', summary: 'Connected to a relay' }, lastWarning: { progress: 10, tag: 'conn_done', summary: '', warning: 'DONE', reason: 'DONE' }, warnings: [] }, 120);
    expect(why.message).not.toMatch(/DONE/);
  });

  it('titles the error on the Tor page with its cause', () => {
    expect(torProblemTitle('failed', 'tor-missing')).toBe('Tor is not installed');
    expect(torProblemTitle('failed', 'tor-config')).toBe('Tor refused its settings');
    expect(torProblemTitle('failed', 'tor-bootstrap-clock-skew')).toBe("This computer's clock is wrong");
    expect(torProblemTitle('failed', 'tor-bootstrap-circuits')).toBe('Tor could not connect');
    expect(torProblemTitle('restarting', 'tor-crashed')).toBe('Tor stopped');
  });
});
