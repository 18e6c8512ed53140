import { describe, expect, it } from 'vitest';
import { explainDeployFailure } from '../../../src/renderer/datacenters/lib/deploy-errors';

describe('deploy failures in words', () => {
  it.each([
    ['Failed instance creation: Failed creating instance record: Failed initialising instance: Failed add validation for device "eth0": IP address "10.71.6.10" already defined on another NIC', 'address-in-use'],
    ['Failed to create file "/var/lib/lxd/storage-pools/default/containers/btcd/rootfs/x": write: no space left on device', 'disk-full'],
    ['Failed instance creation: Failed getting remote image info: Failed getting image: Get "https://images.linuxcontainers.org/streams/v1/index.json": dial tcp: lookup images.linuxcontainers.org: no such host', 'image-server'],
    ['Failed instance creation: Failed loading image: Image not found', 'image-missing'],
    ['Failed instance creation: Failed checking if instance creation allowed: Project "bcm-x" limit limits.instances exceeded', 'quota'],
    ['Could not download lnd-linux-amd64-v0.18.5-beta.tar.gz: connect ECONNREFUSED', 'download'],
  ])('%s', (raw, kind) => {
    const explained = explainDeployFailure(raw);
    expect(explained?.kind).toBe(kind);
    expect(explained?.nextStep).toMatch(/then apply again\.$/);
  });

  it('leaves anything else as it is', () => {
    expect(explainDeployFailure('`systemctl restart lnd` failed in lnd (exit 1): Job for lnd.service failed')).toBeUndefined();
  });
});
