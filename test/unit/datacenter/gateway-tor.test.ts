import { describe, expect, it } from 'vitest';
import { parseTorJournal, torNotConnected } from '../../../src/main/datacenter/components/gateway-tor';

// Lines as Tor writes them to syslog (journalctl -o cat), taken from Tor 0.4.x on a private network.
const START = 'Tor 0.4.7.16 running on Linux with Libevent 2.1.12-stable, OpenSSL 3.0.15, Zlib 1.2.13, Liblzma 5.4.1, Libzstd 1.5.4 and Glibc 2.36 as libc.';
const STUCK = [
  START,
  'Bootstrapped 0% (starting): Starting',
  'Bootstrapped 5% (conn): Connecting to a relay',
  'Bootstrapped 14% (handshake): Handshaking with a relay',
  'Problem bootstrapping. Stuck at 14% (handshake): Handshaking with a relay. (No route to host; NOROUTE; count 10; recommendation warn; host 9695DFC35FFEB861329B9F1AB04C46397020CE31 at 128.31.0.34:9101)',
];
const UPLOAD = 'handle_response_upload_hsdesc(): Uploaded hidden service descriptor (status 200 ("HS descriptor stored successfully."))';
const RELOAD = 'Received reload signal (hup). Reloading config and resetting internal state.';

describe('the gateway Tor journal', () => {
  it('says where bootstrap is stuck and why, in Tor’s words', () => {
    const state = parseTorJournal(STUCK.join('\n'));
    expect(state).toMatchObject({ started: true, uploaded: false, bootstrap: { percent: 14, summary: 'Handshaking with a relay' } });
    const text = torNotConnected(state);
    expect(text).toBe(
      'Tor is not connected to the Tor network yet: 14% (Handshaking with a relay — No route to host). The proxy works; onion services and peers over Tor wait for it: check the gateway\'s route out.',
    );
  });

  it('is connected at 100%, and an old problem no longer counts', () => {
    const state = parseTorJournal([...STUCK, 'Bootstrapped 100% (done): Done'].join('\n'));
    expect(state.bootstrap?.percent).toBe(100);
    expect(state.problem).toBeUndefined();
    expect(torNotConnected(state)).toBeUndefined();
  });

  it('counts an upload only since the last start or reload', () => {
    const up = [START, 'Bootstrapped 100% (done): Done', UPLOAD];
    expect(parseTorJournal(up.join('\n')).uploaded).toBe(true);
    const reloaded = parseTorJournal([...up, RELOAD].join('\n'));
    expect(reloaded.uploaded).toBe(false);
    expect(reloaded.bootstrap?.percent).toBe(100); // a reload keeps the connection
    expect(parseTorJournal([...up, RELOAD, UPLOAD].join('\n')).uploaded).toBe(true);
    const restarted = parseTorJournal([...up, START, 'Bootstrapped 0% (starting): Starting'].join('\n'));
    expect(restarted).toMatchObject({ uploaded: false, bootstrap: { percent: 0 } });
  });

  it('says nothing when the journal shows no start (rotated away or unreadable)', () => {
    expect(torNotConnected(parseTorJournal(''))).toBeUndefined();
    expect(torNotConnected(parseTorJournal('Bootstrapped 14% (handshake): Handshaking with a relay'))).toBeUndefined();
  });
});
