import { BcmError } from '../../shared/errors';
import type { PlanAction } from '../../shared/datacenter/plan';
import type { LxdClient } from '../lxd';
import { STORAGE_POOL, namesFor, type DatacenterNames } from './naming';
import type { StepReporter } from './runner';
import type { StepDeps } from './steps';

const RUNNING = 103;

/** The members of the endpoint's cluster; empty when it is a single server. */
export async function clusterMemberNames(client: LxdClient): Promise<string[]> {
  const server = await client.serverInfo();
  if (!server.environment?.server_clustered) return [];
  return (await client.cluster.members()).map((m) => m.server_name).sort();
}

/**
 * On a cluster each member has its own bridge; the internal one must still be one network, since
 * a datacenter's containers talk to each other wherever they run. LXD's bridge tunnels join the
 * members' bridges: a VXLAN (its id from the datacenter's name) over multicast on the members'
 * network. Each member's dnsmasq answers only the containers it hosts (their fixed addresses are
 * its static leases; `dhcp-ignore=tag:!known` leaves the others to their own member).
 */
export function spanningConfig(names: DatacenterNames, rawDnsmasq: string): Record<string, string> {
  const vni = parseInt(names.internalNetwork.slice(3, 9), 16) % 16_000_000 + 1;
  return {
    // the tunnel's interface is <bridge>-<tunnel name>: at most Linux's 15 characters
    'tunnel.t.protocol': 'vxlan',
    'tunnel.t.id': String(vni),
    // VXLAN takes 50 bytes of each frame: the bridge and its containers use a smaller MTU
    'bridge.mtu': '1400',
    'raw.dnsmasq': [...rawDnsmasq.split('\n').filter((l) => l.trim() !== ''), 'dhcp-ignore=tag:!known'].join('\n'),
  };
}

/**
 * Moves a container and its data volumes to another member (issue 14): stop it, copy each volume to
 * the new member, move the instance (LXD carries its snapshots), then remove the old copies of the
 * volumes. The plan starts it again and waits for its health; a snapshot was taken before.
 */
export async function moveInstance(deps: StepDeps, action: PlanAction, report: StepReporter): Promise<void> {
  const { client, spec } = deps;
  const to = action.member;
  if (!to) throw new BcmError('INTERNAL', `The plan does not say where ${action.target} goes.`);
  const project = namesFor(spec.name).project;
  const scope = { project };
  const inst = await client.instances.get(action.target, scope);
  const from = inst.location;
  if (from === to) return report.log(`${action.target} already runs on ${to}`);
  if (!from) throw new BcmError('INTERNAL', `LXD does not say which member ${action.target} is on.`);
  if (inst.status_code === RUNNING) {
    report.log(`stopping ${action.target} on ${from}`);
    await client.instances.stop(action.target, { ...scope, timeout: 60 });
  }
  const vols = Object.values(inst.devices ?? {}).filter((d) => d['type'] === 'disk' && d['pool'] === STORAGE_POOL && d['source']).map((d) => d['source'] ?? '');
  const there = new Set((await client.cluster.volumesOn(STORAGE_POOL, to, scope)).map((v) => v.name));
  for (const v of vols) {
    if (there.has(v)) {
      report.log(`volume ${v} already on ${to} (an earlier attempt copied it)`);
      continue;
    }
    report.log(`copying volume ${v} from ${from} to ${to}`);
    await client.cluster.copyVolume(STORAGE_POOL, v, from, to, { ...scope, signal: report.signal });
  }
  report.log(`moving ${action.target} from ${from} to ${to}`);
  await client.cluster.moveInstance(action.target, to, { ...scope, signal: report.signal });
  for (const v of vols) {
    report.log(`removing the old copy of ${v} from ${from}`);
    await client.cluster.deleteVolume(STORAGE_POOL, v, from, scope);
  }
}
