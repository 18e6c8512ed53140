import { describe, expect, it } from 'vitest';
import {
  parseAddOnion,
  parseAuthChallenge,
  parseClientAuthView,
  parseEvent,
  parseGetInfo,
  parseProtocolInfo,
  parseTokens,
  quoteString,
  readQuoted,
  token,
} from '../../../src/main/tor/control/protocol';
import { ReplyParser, type ControlReply } from '../../../src/main/tor/control/reply';

function parse(text: string, chunk = text.length): { replies: ControlReply[]; events: ControlReply[] } {
  const replies: ControlReply[] = [];
  const events: ControlReply[] = [];
  const p = new ReplyParser((r) => replies.push(r), (e) => events.push(e));
  for (let i = 0; i < text.length; i += chunk) p.feed(text.slice(i, i + chunk));
  return { replies, events };
}

describe('control reply parser', () => {
  it('reads single-line, multi-line and data-block replies, byte by byte too', () => {
    const text =
      '250 OK\r\n' +
      '250-version=0.4.9.11\r\n250-net/listeners/socks="127.0.0.1:9050"\r\n250 OK\r\n' +
      '250+config-text=\r\nSocksPort 9050\r\n..dotted line\r\n.\r\n250 OK\r\n';
    for (const chunk of [text.length, 1, 7]) {
      const { replies, events } = parse(text, chunk);
      expect(events).toEqual([]);
      expect(replies).toHaveLength(3);
      expect(replies[0]).toEqual({ status: 250, lines: [{ status: 250, text: 'OK' }] });
      expect(parseGetInfo(replies[1] as ControlReply)).toEqual({ version: '0.4.9.11', 'net/listeners/socks': '127.0.0.1:9050' });
      expect(parseGetInfo(replies[2] as ControlReply)).toEqual({ 'config-text': 'SocksPort 9050\n.dotted line' });
    }
  });

  it('separates asynchronous 650 events arriving between replies', () => {
    const { replies, events } = parse(
      '650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY="Connecting to a relay"\r\n' +
        '250-ServiceID=abc\r\n' +
        '650+NOTICE\r\nfirst\r\nsecond\r\n.\r\n650 OK\r\n' +
        '250 OK\r\n',
    );
    // the event's data block belongs to the event, the reply keeps its own lines
    expect(events).toHaveLength(2);
    expect(parseEvent(events[0] as ControlReply)).toMatchObject({ type: 'STATUS_CLIENT' });
    expect(parseEvent(events[1] as ControlReply)).toEqual({ type: 'NOTICE', body: 'first\nsecond', more: ['OK'] });
    expect(replies).toEqual([{ status: 250, lines: [{ status: 250, text: 'ServiceID=abc' }, { status: 250, text: 'OK' }] }]);
  });

  it('refuses malformed lines and mixed statuses', () => {
    expect(() => parse('hello\r\n')).toThrow(/malformed reply line/);
    expect(() => parse('250-a\r\n251 b\r\n')).toThrow(/different statuses/);
    const p = new ReplyParser(() => undefined, () => undefined);
    expect(() => p.feed('25\r\n')).toThrow();
    expect(() => p.feed('250 OK\r\n')).toThrow(); // stays failed
  });

  it('reports whether a reply is half-read', () => {
    const p = new ReplyParser(() => undefined, () => undefined);
    p.feed('250-a\r\n');
    expect(p.idle).toBe(false);
    p.feed('250 OK\r\n');
    expect(p.idle).toBe(true);
  });
});

describe('control protocol values', () => {
  it('quotes arguments and refuses line breaks', () => {
    expect(quoteString('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
    expect(() => quoteString('x\r\nSIGNAL HALT')).toThrow(/line breaks/);
    expect(token('ED25519-V3:abc+/=')).toBe('ED25519-V3:abc+/=');
    expect(() => token('a b')).toThrow();
    expect(() => token('a\nb')).toThrow();
  });

  it('reads quoted strings with escapes and keyword tokens', () => {
    expect(readQuoted('"a\\"b\\n\\101"rest', 0)).toEqual({ value: 'a"b\nA', end: 12 });
    expect(() => readQuoted('"open', 0)).toThrow(/unterminated/);
    expect(parseTokens('NOTICE BOOTSTRAP PROGRESS=50 SUMMARY="Loading relay descriptors" X=')).toEqual({
      positional: ['NOTICE', 'BOOTSTRAP'],
      keywords: { PROGRESS: '50', SUMMARY: 'Loading relay descriptors', X: '' },
    });
  });

  it('parses PROTOCOLINFO, AUTHCHALLENGE, ADD_ONION and ONION_CLIENT_AUTH_VIEW replies', () => {
    const lines = (...t: string[]): ControlReply => ({ status: 250, lines: t.map((text) => ({ status: 250, text })) });
    expect(
      parseProtocolInfo(lines('PROTOCOLINFO 1', 'AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE="/x y/control_auth_cookie"', 'VERSION Tor="0.4.9.11"', 'OK')),
    ).toEqual({ methods: ['COOKIE', 'SAFECOOKIE'], cookieFile: '/x y/control_auth_cookie', torVersion: '0.4.9.11' });
    const hash = 'A'.repeat(64);
    expect(parseAuthChallenge(lines(`AUTHCHALLENGE SERVERHASH=${hash} SERVERNONCE=${'b'.repeat(64)}`))).toEqual({ serverHash: hash, serverNonce: 'b'.repeat(64) });
    expect(() => parseAuthChallenge(lines('AUTHCHALLENGE SERVERHASH=12'))).toThrow();
    const id = 'a'.repeat(56);
    expect(parseAddOnion(lines(`ServiceID=${id}`, 'PrivateKey=ED25519-V3:abc', 'OK'))).toEqual({ serviceId: id, privateKey: 'ED25519-V3:abc' });
    expect(parseAddOnion(lines(`ServiceID=${id}`, 'OK'))).toEqual({ serviceId: id });
    expect(() => parseAddOnion(lines('ServiceID=short', 'OK'))).toThrow(/v3 ServiceID/);
    expect(
      parseClientAuthView(lines(`ONION_CLIENT_AUTH_VIEW`, `CLIENT ${id} x25519:AAAA= ClientName=laptop Flags=Permanent`, 'OK')),
    ).toEqual([{ address: id, key: 'x25519:AAAA=', clientName: 'laptop', flags: ['Permanent'] }]);
  });
});
