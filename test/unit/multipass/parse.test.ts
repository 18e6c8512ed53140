import { describe, expect, it } from 'vitest';
import { classifyFailure, createLaunchOutputParser, parseCloudInitStatus, parseInfo, parseList, parseVersion } from '../../../src/main/multipass/parse';

// Shapes as multipass's json_formatter.cpp writes them (disk sizes and cpu_count as strings,
// memory as numbers; a stopped VM has empty strings and objects).
const running = {
  errors: [],
  info: {
    bcm: {
      cpu_count: '4',
      disks: { sda1: { total: '31036686336', used: '2271342592' } },
      image_hash: 'b52d0fbf1e9d',
      image_release: '24.04 LTS',
      ipv4: ['192.168.64.7', '10.148.52.1'],
      load: [0.31, 0.12, 0.04],
      memory: { total: 4102676480, used: 398761984 },
      mounts: {},
      release: 'Ubuntu 24.04.1 LTS',
      snapshot_count: '0',
      state: 'Running',
    },
  },
};
const stopped = {
  errors: [],
  info: {
    bcm: { cpu_count: '', disks: { sda1: {} }, image_hash: 'b52d0fbf1e9d', image_release: '24.04 LTS', ipv4: [], load: [], memory: {}, mounts: {}, release: '', snapshot_count: '0', state: 'Stopped' },
  },
};

describe('multipass JSON answers, parsed strictly', () => {
  it('reads version with and without the daemon', () => {
    expect(parseVersion('{"multipass": "1.14.1", "multipassd": "1.14.1"}')).toEqual({ multipass: '1.14.1', multipassd: '1.14.1' });
    expect(parseVersion('{"multipass": "1.14.1+mac"}')).toEqual({ multipass: '1.14.1+mac' });
    expect(() => parseVersion('multipass 1.14.1')).toThrow(/did not print JSON/);
    expect(() => parseVersion('{"multipass": 1}')).toThrow(/shape BCM does not know \(multipass/);
  });

  it('reads list, mapping unknown states to Unknown', () => {
    const list = parseList(JSON.stringify({ list: [{ ipv4: ['10.0.0.5'], name: 'bcm', release: 'Ubuntu 24.04 LTS', state: 'Running' }, { ipv4: [], name: 'old', release: 'Not Available', state: 'Hibernating' }] }));
    expect(list).toEqual([
      { ipv4: ['10.0.0.5'], name: 'bcm', release: 'Ubuntu 24.04 LTS', state: 'Running' },
      { ipv4: [], name: 'old', release: 'Not Available', state: 'Unknown' },
    ]);
    expect(() => parseList('{"list": [{"name": "x"}]}')).toThrow(/list --format json/);
  });

  it('reads info of a running VM with numbers where multipass prints strings', () => {
    expect(parseInfo(JSON.stringify(running), 'bcm')).toEqual({
      name: 'bcm',
      state: 'Running',
      ipv4: ['192.168.64.7', '10.148.52.1'],
      release: 'Ubuntu 24.04.1 LTS',
      imageRelease: '24.04 LTS',
      cpus: 4,
      load: [0.31, 0.12, 0.04],
      memory: { used: 398761984, total: 4102676480 },
      disk: { used: 2271342592, total: 31036686336 },
    });
  });

  it('reads info of a stopped VM (empty strings and objects)', () => {
    expect(parseInfo(JSON.stringify(stopped), 'bcm')).toMatchObject({ state: 'Stopped', cpus: null, ipv4: [], memory: { used: null, total: null }, disk: { used: null, total: null } });
  });

  it('refuses info of the wrong type or for another VM', () => {
    const bad = structuredClone(running) as { info: { bcm: { cpu_count: unknown } } };
    bad.info.bcm.cpu_count = 'four';
    expect(() => parseInfo(JSON.stringify(bad), 'bcm')).toThrow(/info\.bcm\.cpu_count/);
    expect(() => parseInfo(JSON.stringify(running), 'other')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }) as Error);
  });

  it('reads cloud-init status from 22.x and 24.x', () => {
    expect(parseCloudInitStatus('{"status": "done", "errors": [], "detail": "DataSourceNoCloud"}')).toMatchObject({ status: 'done', errors: [] });
    expect(parseCloudInitStatus('{"status": "error", "extended_status": "error", "errors": ["(\'scripts_user\', RuntimeError())"]}')).toMatchObject({ status: 'error', errors: [expect.stringContaining('scripts_user')] });
  });
});

describe('launch output', () => {
  it('splits the run-on output multipass writes to a pipe, and percentages after \\r', () => {
    const parse = createLaunchOutputParser('bcm');
    const seen = [
      ...parse('\rRetrieving image: 5%\rRetrieving image: 4'),
      ...parse('5%\rRetrieving image: 100%Verifying image: Creating bcm'),
      ...parse('Configuring bcmStarting bcmWaiting for initialization to complete'),
      ...parse('Launched: bcm\n'),
    ];
    expect(seen).toEqual([
      { kind: 'download', percent: 5, text: 'Retrieving image: 5%' },
      { kind: 'download', percent: 45, text: 'Retrieving image: 45%' },
      { kind: 'download', percent: 100, text: 'Retrieving image: 100%' },
      { kind: 'message', text: 'Verifying image' },
      { kind: 'message', text: 'Creating bcm' },
      { kind: 'message', text: 'Configuring bcm' },
      { kind: 'message', text: 'Starting bcm' },
      { kind: 'message', text: 'Waiting for initialization to complete' },
      { kind: 'launched', name: 'bcm', text: 'Launched: bcm' },
    ]);
  });

  it('copes with a terminal’s escape sequences and a message cut in two', () => {
    const parse = createLaunchOutputParser('node-1');
    expect(parse('\x1B[2K\x1B[0A\x1B[0ECreating no')).toEqual([]);
    expect(parse('de-1  \b|\b/\x1B[2K\x1B[0A\x1B[0EStarting node-1')).toEqual([
      { kind: 'message', text: 'Creating node-1' },
      { kind: 'message', text: 'Starting node-1' },
    ]);
  });

  it('passes on messages it does not know at a line end', () => {
    const parse = createLaunchOutputParser();
    expect(parse('Mounted \'/home/u\' into \'bcm:Home\'\n')).toEqual([{ kind: 'message', text: "Mounted '/home/u' into 'bcm:Home'" }]);
  });
});

describe('failures, with a next step', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['list', 'list failed: cannot connect to the multipass socket', 'PRECONDITION_FAILED', /not running.*sudo snap restart multipass/],
    ['launch', 'launch failed: instance "bcm" already exists', 'CONFLICT', /already has a VM named "bcm"/],
    ['info', 'info failed: The following errors occurred:\ninstance "bcm" does not exist', 'NOT_FOUND', /no VM named "bcm"/],
    ['launch', "launch failed: KVM support is not enabled on this machine.\nPlease ensure the following:\n1. The system's CPU supports virtualization.", 'PRECONDITION_FAILED', /no hardware virtualisation.*this computer's LXD/],
    ['launch', 'launch failed: Available disk (524288000 bytes) below minimum for this image (650117120 bytes)', 'PRECONDITION_FAILED', /0\.5 GiB free, the image alone needs 0\.6 GiB/],
    ['launch', "launch failed: qemu-system-x86_64: cannot set up guest memory 'pc.ram': Cannot allocate memory", 'PRECONDITION_FAILED', /could not give the VM the memory/],
    ['launch', 'Timed out waiting for instance launch.', 'TIMEOUT', /gave up waiting/],
    ['launch', 'launch failed: something new', 'INTERNAL', /`multipass launch` failed \(exit code 2\): launch failed: something new/],
  ];
  it.each(cases)('%s: %s', (command, stderr, code, message) => {
    const err = classifyFailure(command, 2, stderr, 'linux');
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
  });

  it('says how to start the daemon on each OS', () => {
    expect(classifyFailure('list', 2, 'list failed: cannot connect to the multipass socket', 'darwin').message).toContain('launchctl kickstart');
    expect(classifyFailure('list', 2, 'list failed: cannot connect to the multipass socket', 'win32').detail).toMatchObject({ reason: 'daemon-down' });
  });
});
