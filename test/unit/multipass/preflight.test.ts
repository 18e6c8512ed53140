import { describe, expect, it } from 'vitest';
import { preflight } from '../../../src/main/multipass/preflight';

const GiB = 2 ** 30;
const host = { cpus: 2, memoryBytes: 16 * GiB, freeDiskBytes: 100 * GiB, storagePath: '/var/snap/multipass/common/data/multipassd' };

describe('preflight: room on this computer for the VM', () => {
  it('lets the defaults through on a 16 GiB, 2-core machine, saying the vCPUs are shared', () => {
    const r = preflight({ cpus: 4, memoryGiB: 4, diskGiB: 30 }, host);
    expect(r.error).toBeNull();
    expect(r.warnings.join()).toMatch(/4 vCPUs on a computer with 2/);
  });

  it('refuses more memory than the computer can give, naming the most it can', () => {
    const r = preflight({ cpus: 2, memoryGiB: 16, diskGiB: 30 }, host);
    expect(r.error).toMatchObject({ code: 'PRECONDITION_FAILED', detail: { reason: 'memory', field: 'memoryGiB', maxGiB: 15 } });
    expect(r.error?.message).toMatch(/at most 15 GiB/);
  });

  it('refuses a disk larger than the free space, naming where it measured', () => {
    const r = preflight({ cpus: 2, memoryGiB: 4, diskGiB: 99 }, host);
    expect(r.error).toMatchObject({ code: 'PRECONDITION_FAILED', detail: { reason: 'disk', maxGiB: 98 } });
    expect(r.error?.message).toContain('/var/snap/multipass/common/data/multipassd');
  });

  it('warns when the free disk is unknown', () => {
    const r = preflight({ cpus: 1, memoryGiB: 1, diskGiB: 10 }, { ...host, freeDiskBytes: null });
    expect(r.error).toBeNull();
    expect(r.warnings.join()).toMatch(/could not be measured/);
  });

  it('says a machine with almost no memory should use LXD directly', () => {
    expect(preflight({ cpus: 1, memoryGiB: 1, diskGiB: 10 }, { ...host, memoryBytes: 1.5 * GiB }).error?.message).toMatch(/too little for a VM/);
  });
});
