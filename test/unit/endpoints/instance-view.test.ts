import { describe, expect, it } from 'vitest';
import { instanceFromSource, isManagedByBcm, toInstanceView } from '../../../src/main/endpoints/instance-view';
import { summariseCpu } from '../../../src/main/endpoints/status';
import type { LxdInstance } from '../../../src/main/lxd/api';

const running: LxdInstance = {
  name: 'bitcoind',
  project: 'bcm-home',
  type: 'container',
  status: 'Running',
  status_code: 103,
  description: '',
  created_at: '2026-11-21T10:00:00Z',
  config: { 'image.description': 'Debian bookworm', 'user.bcm.component': 'bitcoind' },
  devices: {},
  profiles: ['default'],
  ephemeral: false,
  state: {
    status: 'Running',
    status_code: 103,
    pid: 1234,
    processes: 12,
    cpu: { usage: 2_500_000_000 },
    memory: { usage: 64 * 1024 * 1024 },
    network: {
      lo: { addresses: [{ family: 'inet', address: '127.0.0.1', netmask: '8', scope: 'local' }], state: 'up', type: 'loopback' },
      eth0: {
        addresses: [
          { family: 'inet', address: '10.171.93.12', netmask: '24', scope: 'global' },
          { family: 'inet6', address: 'fe80::1', netmask: '64', scope: 'link' },
          { family: 'inet6', address: 'fd42::12', netmask: '64', scope: 'global' },
        ],
        state: 'up',
        type: 'broadcast',
      },
    },
  },
};

describe('toInstanceView', () => {
  it('keeps global addresses, usage and the BCM marker', () => {
    expect(toInstanceView(running)).toEqual({
      name: 'bitcoind',
      project: 'bcm-home',
      type: 'container',
      status: 'Running',
      statusCode: 103,
      description: '',
      createdAt: '2026-11-21T10:00:00Z',
      image: 'Debian bookworm',
      ipv4: ['10.171.93.12'],
      ipv6: ['fd42::12'],
      memoryBytes: 64 * 1024 * 1024,
      cpuSeconds: 2.5,
      processes: 12,
      managedByBcm: true,
    });
  });

  it('shows no usage for a stopped instance and labels the image from os/release', () => {
    const view = toInstanceView({
      ...running,
      status: 'Stopped',
      status_code: 102,
      config: { 'image.os': 'busybox', 'image.release': 'static' },
      state: null,
    });
    expect(view).toMatchObject({ status: 'Stopped', image: 'busybox static', ipv4: [], managedByBcm: false });
    expect(view.memoryBytes).toBeUndefined();
  });

  it('recognises only user.bcm.* keys as the marker', () => {
    expect(isManagedByBcm({ 'user.bcm.owner': 'x' })).toBe(true);
    expect(isManagedByBcm({ 'user.bcmx': 'x', 'bcm.owner': 'y' })).toBe(false);
  });
});

describe('instanceFromSource', () => {
  it('reads the instance and project of a lifecycle event', () => {
    expect(instanceFromSource('/1.0/instances/c1', 'default')).toEqual({ name: 'c1', project: 'default' });
    expect(instanceFromSource('/1.0/instances/c1?project=bcm-home', 'default')).toEqual({ name: 'c1', project: 'bcm-home' });
    expect(instanceFromSource('/1.0/instances/c1/snapshots/s1', 'default')).toBeUndefined();
    expect(instanceFromSource('/1.0/networks/lxdbr0', 'default')).toBeUndefined();
  });
});

describe('summariseCpu', () => {
  it('counts sockets, cores and threads', () => {
    const cpu = {
      total: 8,
      sockets: [
        { name: 'AMD EPYC', cores: [{ threads: [1, 2] }, { threads: [1, 2] }] },
        { name: 'AMD EPYC', cores: [{ threads: [1, 2] }, { threads: [1, 2] }] },
      ],
    };
    expect(summariseCpu(cpu)).toEqual({ sockets: 2, cores: 4, threads: 8, model: 'AMD EPYC' });
  });
});
