import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TorControlError, type AddOnionOptions, type TorControl } from '../../../src/main/tor/control/client';
import type { ControlEvent } from '../../../src/main/tor/control/protocol';
import { OnionServiceManager } from '../../../src/main/tor/onion-service';
import { FileOnionServiceStore } from '../../../src/main/tor/service-store';
import { TorSettingsStore } from '../../../src/main/tor/settings';
import { checkExtraLines } from '../../../src/main/tor/torrc';
import { torSettingsInputSchema } from '../../../src/shared/channels/tor';

/** Stands in for a Tor control connection: records ADD_ONION/DEL_ONION, answers like Tor; `upload()` is Tor uploading every live service's descriptor. */
class RecordingControl {
  readonly live = new Map<string, AddOnionOptions>();
  readonly log: string[] = [];
  private hsDesc: ((e: ControlEvent) => void) | undefined;
  async addOnion(opts: AddOnionOptions) {
    const blob = opts.key.slice('ED25519-V3:'.length);
    const id = keyToId.get(blob);
    if (!id) throw new Error('unknown key');
    if (this.live.has(id)) throw new TorControlError('ADD_ONION', 550, 'Onion address collision');
    this.live.set(id, opts);
    this.log.push(`add ${opts.clientAuthV3?.length ?? 0}`);
    return { serviceId: id };
  }
  upload() {
    for (const id of this.live.keys()) this.hsDesc?.({ type: 'HS_DESC', body: `UPLOADED ${id} UNKNOWN $${'A'.repeat(40)}~relay`, more: [] });
  }
  async getInfo() {
    return { 'status/enough-dir-info': '1', 'status/circuit-established': '1' };
  }
  async on(_type: string, handler: (e: ControlEvent) => void) {
    this.hsDesc = handler;
    return () => (this.hsDesc = undefined);
  }
  async delOnion(id: string) {
    if (!this.live.delete(id)) throw new TorControlError('DEL_ONION', 552, 'Unknown Onion Service id');
    this.log.push('del');
  }
}
const keyToId = new Map<string, string>();

describe('onion services and their clients', () => {
  let dir: string;
  let control: RecordingControl | undefined;
  let manager: OnionServiceManager;
  let store: FileOnionServiceStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bcm-onion-'));
    store = new FileOnionServiceStore(join(dir, 'secrets', 'onion-services'));
    control = new RecordingControl();
    manager = new OnionServiceManager(store, () => control as unknown as TorControl | undefined);
  });
  afterEach(async () => {
    manager.close();
    await rm(dir, { recursive: true, force: true });
  });

  const remember = async (name: string) => {
    const record = await store.get(name);
    if (record) keyToId.set(record.privateKey.slice('ED25519-V3:'.length), record.serviceId);
    return record;
  };

  it('keeps the key (0600) and publishes only with authorised clients, re-adding on every change', async () => {
    const service = await manager.publish({ name: 'lxd', virtualPort: 8443, target: '127.0.0.1:8443' });
    expect(service).toMatchObject({ name: 'lxd', virtualPort: 8443, published: false, clients: [] });
    const record = await remember('lxd');
    expect(`${record?.serviceId}.onion`).toBe(service.onionAddress);
    expect((await stat(join(dir, 'secrets', 'onion-services', 'lxd.json'))).mode & 0o777).toBe(0o600);
    expect(control?.live.size).toBe(0);

    const laptop = await manager.addClient('lxd', 'laptop');
    expect(laptop.privateKey).toMatch(/^[a-z2-7]{52}$/);
    expect(JSON.stringify(await store.get('lxd'))).not.toContain(laptop.privateKey); // only the public half is kept
    const phone = await manager.addClient('lxd', 'phone');
    // added, not yet uploaded: "publishing"; published once Tor says UPLOADED
    expect(phone.service).toMatchObject({ published: false, publishing: true, clients: [{ name: 'laptop' }, { name: 'phone' }] });
    control?.upload();
    expect((await manager.list())[0]).toMatchObject({ published: true, publishing: false });
    expect(control?.live.get(record?.serviceId ?? '')?.clientAuthV3).toHaveLength(2);
    expect(control?.live.get(record?.serviceId ?? '')).toMatchObject({ detach: true, ports: [{ virtual: 8443, target: '127.0.0.1:8443' }] });
    await expect(manager.addClient('lxd', 'phone')).rejects.toMatchObject({ code: 'CONFLICT' });

    const after = await manager.revokeClient('lxd', 'laptop');
    expect(after.clients.map((c) => c.name)).toEqual(['phone']);
    expect(control?.live.get(record?.serviceId ?? '')?.clientAuthV3).toEqual([(await store.get('lxd'))?.clients[0]?.publicKey]);
    expect(control?.log).toEqual(['add 1', 'del', 'add 2', 'del', 'add 1']);
    await expect(manager.revokeClient('lxd', 'laptop')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(manager.addClient('nope', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('publishes the same address again after Tor restarts, and keeps revocations made while Tor was down', async () => {
    await manager.publish({ name: 'lxd', virtualPort: 8443, target: '127.0.0.1:8443' });
    const record = await remember('lxd');
    await manager.addClient('lxd', 'a');
    await manager.addClient('lxd', 'b');
    control = undefined; // Tor stopped
    expect((await manager.list())[0]?.published).toBe(false);
    await manager.revokeClient('lxd', 'a');
    await expect(manager.addClient('lxd', 'c')).rejects.toMatchObject({ code: 'UNREACHABLE' });
    control = new RecordingControl(); // a new Tor
    await manager.restore();
    control.upload();
    expect([...control.live.keys()]).toEqual([record?.serviceId]);
    expect(control.live.get(record?.serviceId ?? '')?.clientAuthV3).toHaveLength(1);
    expect((await manager.list())[0]).toMatchObject({ published: true, clients: [{ name: 'b' }] });
    await manager.unpublish('lxd');
    expect(control.live.size).toBe(0);
    expect(await manager.list()).toEqual([]);
  });
});

describe('Tor settings', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bcm-torset-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keep their own section of config.json, validate extra lines, and take the environment overrides', async () => {
    // the tor program is set only outside the page: here, by hand in config.json
    await writeFile(join(dir, 'config.json'), JSON.stringify({ schemaVersion: 1, backup: { keep: 3 }, tor: { torPath: '/usr/bin/tor' } }));
    const settings = new TorSettingsStore(dir, {});
    expect(await settings.get()).toEqual({ torPath: '/usr/bin/tor', extraTorrc: '', bootstrapTimeoutSeconds: 120 });
    await settings.set({ extraTorrc: 'UseBridges 1\n', bootstrapTimeoutSeconds: 60 });
    const file = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(file).toEqual({ schemaVersion: 1, backup: { keep: 3 }, tor: { torPath: '/usr/bin/tor', extraTorrc: 'UseBridges 1\n', bootstrapTimeoutSeconds: 60 } });
    await expect(settings.set({ extraTorrc: 'SocksPort 9050', bootstrapTimeoutSeconds: 60 })).rejects.toMatchObject({ code: 'VALIDATION' });
    // the page cannot name the program main will spawn
    await expect(settings.set({ torPath: '/tmp/evil', extraTorrc: '' } as never)).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await settings.get()).torPath).toBe('/usr/bin/tor');
    expect(await settings.runtime()).toEqual({ torPath: '/usr/bin/tor', extraLines: ['UseBridges 1'], bootstrapTimeoutMs: 60_000 });

    const extra = join(dir, 'net.torrc');
    await writeFile(extra, 'TestingTorNetwork 1\n');
    const withEnv = new TorSettingsStore(dir, { BCM_TOR_PATH: '/opt/tor', BCM_TOR_EXTRA_TORRC: extra });
    expect(await withEnv.runtime()).toEqual({ torPath: '/opt/tor', extraLines: ['UseBridges 1', 'TestingTorNetwork 1'], bootstrapTimeoutMs: 60_000 });
    await expect(new TorSettingsStore(dir, { BCM_TOR_EXTRA_TORRC: join(dir, 'missing') }).runtime()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('accept only bridges and a known pluggable transport from the page; abbreviations and hidden options are refused', async () => {
    const settings = new TorSettingsStore(dir, {});
    const refused = [
      'ControlPor 9051', // Tor reads a unique prefix as the option: a second control port
      'SocksPor 9999',
      'controlport 9051',
      '__ControlPort 9051', // a hidden alias
      '__OwningControllerProcess 1',
      'ClientTransportPlugin obfs4 exec /bin/sh -c id', // runs a command
      'ClientTransportPlug obfs4 exec /usr/bin/obfs4proxy',
      'ClientTransportPlugin obfs4 exec /tmp/obfs4proxy',
      'ClientTransportPlugin obfs4 socks5 192.0.2.1:1080',
      'Bri obfs4 192.0.2.1:443',
      'Bridge obfs4 192.0.2.1:443 "quoted"',
      'DirAuthority x 127.0.0.1:1 0000',
      'TestingTorNetwork 1',
      'HiddenServiceDir /tmp/x',
      'UseBridges yes',
    ];
    for (const line of refused) {
      await expect(settings.set({ extraTorrc: `UseBridges 1\n${line}\n` }), line).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/line 2/i) });
      expect(torSettingsInputSchema.safeParse({ extraTorrc: line }).success, line).toBe(false);
    }
    const accepted = [
      '# bridges from bridges.torproject.org',
      'UseBridges 1',
      'Bridge obfs4 192.0.2.1:443 0123456789ABCDEF0123456789ABCDEF01234567 cert=ab+c/d= iat-mode=0',
      'Bridge 192.0.2.2:9001',
      'ClientTransportPlugin obfs4,meek_lite exec /usr/bin/obfs4proxy',
      'ClientTransportPlugin snowflake exec /usr/bin/snowflake-client -url https://snowflake-broker.example/ -ice stun:stun.example:3478',
      'ClientTransportPlugin obfs4 socks5 127.0.0.1:47351',
    ].join('\n');
    await expect(settings.set({ extraTorrc: accepted })).resolves.toMatchObject({ extraTorrc: accepted });
    expect((await settings.runtime()).extraLines).toHaveLength(6);
  });

  it('refuse, from any source, lines that abbreviate what BCM sets or reach hidden options', () => {
    expect(checkExtraLines('TestingTorNetwork 1\nDirAuthority a 127.0.0.1:1 ABC')).toMatchObject({ ok: true });
    expect(checkExtraLines('ControlPor 9051')).toEqual({ ok: false, line: 1, reason: 'ControlPor is (read by Tor as controlport) set by BCM and cannot be changed here' });
    expect(checkExtraLines('__ControlPort 9051')).toMatchObject({ ok: false, reason: expect.stringMatching(/hidden options/) });
    expect(checkExtraLines('Data /tmp')).toMatchObject({ ok: false });
  });
});
