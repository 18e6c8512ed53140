import { describe, expect, it } from 'vitest';
import { containersOf } from '../../../src/shared/datacenter/catalog';
import { placeContainers, placementText, type PlacementContainer, type PlacementMember } from '../../../src/shared/datacenter/placement';
import { defaultSpec, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { MARK, namesFor } from '../../../src/main/datacenter/naming';
import type { Observed } from '../../../src/main/datacenter/observe';
import { planApply, stepRecords } from '../../../src/main/datacenter/plan';
import type { ContainerRecipe } from '../../../src/main/datacenter/recipe';
import { emptyObserved } from './recipe-fixtures';

const GiB = 1024 ** 3;
const member = (name: string, memoryGiB: number, diskGiB = 100, status = 'Online'): PlacementMember => ({ name, status, memoryFree: memoryGiB * GiB, diskFree: diskGiB * GiB });
const box = (name: string, memoryMiB: number, diskGiB = 4): PlacementContainer => ({ name, component: name === 'gateway' ? 'gateway' : name === 'btcd' ? 'btcd' : 'lnd', size: { cpus: 1, memoryMiB, diskGiB } });
const three = [member('m1', 8), member('m2', 8), member('m3', 8)];
const dc = [box('gateway', 512), box('btcd', 2048), box('lnd', 1024)];

describe('placement on cluster members (pure)', () => {
  it('spreads a new datacenter over equal members, largest container first', () => {
    const r = placeContainers({ containers: dc, members: three, chosen: {}, current: {} });
    expect(r.blockers).toEqual([]);
    expect(r.placements).toEqual([
      { container: 'gateway', member: 'm3', how: 'automatic' },
      { container: 'btcd', member: 'm1', how: 'automatic' },
      { container: 'lnd', member: 'm2', how: 'automatic' },
    ]);
  });

  it('does not follow the noise of free memory: within a quarter counts as equal, then the name decides', () => {
    for (const [a, b, c] of [[8, 7.9, 8.1], [7.5, 8.2, 7.9]]) {
      const r = placeContainers({ containers: dc, members: [member('m1', a!), member('m2', b!), member('m3', c!)], chosen: {}, current: {} });
      expect(r.placements.map((p) => [p.container, p.member])).toEqual([['gateway', 'm3'], ['btcd', 'm1'], ['lnd', 'm2']]);
    }
    // a member with clearly more memory left still wins among equally busy members
    expect(placeContainers({ containers: [box('lnd', 512)], members: [member('m1', 4), member('m2', 16)], chosen: {}, current: {} }).placements[0]?.member).toBe('m2');
  });

  it('passes over a member without room, and prefers the member with the fewest instances among those with room', () => {
    // small (1.5 GiB) has room for lnd and the gateway only; btcd (2 GiB) goes to big
    const r = placeContainers({ containers: dc, members: [member('big', 16), member('small', 1.5)], chosen: {}, current: {} });
    expect(r.placements.map((p) => [p.container, p.member])).toEqual([['gateway', 'big'], ['btcd', 'big'], ['lnd', 'small']]);
    expect(r.warnings).toEqual([]);
    // a member busy with other instances is used last
    const busy = placeContainers({ containers: dc, members: [{ ...member('a', 8), instances: 5 }, { ...member('b', 8), instances: 0 }], chosen: {}, current: {} });
    expect(busy.placements.map((p) => [p.container, p.member])).toEqual([['gateway', 'b'], ['btcd', 'b'], ['lnd', 'b']]);
    // with no member having room, the one with the most memory left takes it, and it is said
    const full = placeContainers({ containers: [box('btcd', 2048)], members: [member('a', 1), member('b', 1.5)], chosen: {}, current: {} });
    expect(full.placements).toEqual([{ container: 'btcd', member: 'b', how: 'automatic' }]);
    expect(full.warnings).toEqual(["Member b gets 2048 MiB of containers' memory and has 1536 MiB free."]);
  });

  it('keeps what runs where it runs, and honours the owner’s choice (a move when it differs)', () => {
    const r = placeContainers({ containers: dc, members: three, chosen: { lnd: 'm3', btcd: 'm2' }, current: { gateway: 'm1', btcd: 'm2', lnd: 'm1' } });
    expect(r.placements).toEqual([
      { container: 'gateway', member: 'm1', how: 'current' },
      { container: 'btcd', member: 'm2', how: 'chosen' },
      { container: 'lnd', member: 'm3', how: 'chosen', from: 'm1' },
    ]);
    expect(r.placements.map(placementText)).toEqual(['on m1', 'on m2 (chosen)', 'moves from m1 to m3']);
  });

  it('places nothing new on a member that is offline or evacuated, and refuses a choice of one', () => {
    const members = [member('m1', 8, 100, 'Offline'), member('m2', 8, 100, 'Evacuated'), member('m3', 1)];
    const r = placeContainers({ containers: dc, members, chosen: { lnd: 'm2' }, current: {} });
    expect(r.placements.map((p) => [p.container, p.member])).toEqual([['gateway', 'm3'], ['btcd', 'm3']]);
    expect(r.blockers).toEqual(['lnd is placed on "m2", which is evacuated: choose another member or Automatic.']);
    expect(r.warnings).toEqual([`Member m3 gets ${2048 + 512} MiB of containers' memory and has 1024 MiB free.`]);
    // a container that already runs on an offline member stays placed there (it is not moved by itself)
    expect(placeContainers({ containers: [box('lnd', 1024)], members, chosen: {}, current: { lnd: 'm1' } }).placements).toEqual([{ container: 'lnd', member: 'm1', how: 'current' }]);
  });

  it('names unknown members and the lack of any usable member, and blocks on disk', () => {
    expect(placeContainers({ containers: [box('lnd', 512)], members: three, chosen: { lnd: 'm9' }, current: {} }).blockers).toEqual([
      'lnd is placed on "m9", which is not a member of the cluster: choose another member or Automatic.',
    ]);
    const none = placeContainers({ containers: dc, members: [member('m1', 8, 100, 'Offline')], chosen: {}, current: {} });
    expect(none.placements).toEqual([]);
    expect(none.blockers).toEqual(['No member of the cluster takes new containers (m1: offline). Restore a member, then plan again.']);
    const disk = placeContainers({ containers: [box('btcd', 512, 40)], members: [member('m1', 8, 10)], chosen: {}, current: {} });
    expect(disk.blockers).toEqual(["Member m1 gets 40 GiB of containers' disk and has 10 GiB free: place some on another member."]);
  });

  it('counts a member whose resources are unknown as having none free, and breaks ties by fewer containers then name', () => {
    const r = placeContainers({ containers: [box('lnd', 256)], members: [{ name: 'm1', status: 'Online' }, member('m2', 1)], chosen: {}, current: {} });
    expect(r.placements[0]?.member).toBe('m2');
    const tie = placeContainers({ containers: [box('lnd', 256)], members: [member('m1', 4), member('m2', 4)], chosen: {}, current: { gateway: 'm1' } });
    expect(tie.placements[0]?.member).toBe('m2');
  });
});

// The planner with placement: `member` on what it creates, a move as snapshot + move + start + health.
const spec: DatacenterSpec = { ...defaultSpec('home', 'cluster'), bitcoin: { implementation: 'btcd', pruneMiB: 0, txindex: false } };
const names = namesFor('home');
function recipe(name: string): ContainerRecipe {
  return {
    userData: '#cloud-config\n',
    files: [],
    units: [{ name: `${name}.service`, content: '[Service]\n' }],
    artifacts: [],
    volumes: name === 'gateway' ? [] : [{ name: 'data', path: `/var/lib/${name}`, uid: 0, gid: 0 }],
    health: { command: ['true'], timeoutS: 10, intervalS: 1, describe: `${name} answers` },
    secrets: [],
  };
}
const recipes = Object.fromEntries(containersOf(spec).map((c) => [c.name, recipe(c.name)]));
const base: Observed = {
  ...emptyObserved,
  pool: { exists: true, freeBytes: 80 * GiB },
  cluster: { members: three, locations: {}, volumeLocations: {} },
};

describe('the planner on a cluster', () => {
  it('creates each volume and container on its member and says so', () => {
    const plan = planApply({ spec, observed: base, recipes, artifactHashes: {} });
    expect(plan.placement?.map((p) => [p.container, p.member])).toEqual([['gateway', 'm3'], ['btcd', 'm1'], ['lnd', 'm2']]);
    const created = plan.actions.filter((a) => a.kind === 'create-instance' || a.kind === 'create-volume').map((a) => [a.target, a.member]);
    expect(created).toEqual([['gateway', 'm3'], ['btcd-data', 'm1'], ['btcd', 'm1'], ['lnd-data', 'm2'], ['lnd', 'm2']]);
    expect(plan.actions.find((a) => a.id === 'create-instance:lnd')?.title).toMatch(/ on m2$/);
    expect(plan.checks?.[0]).toMatchObject({ id: 'placement', state: 'ok' });
  });

  it('moves a running component the owner placed elsewhere: snapshot, move, start, health; nothing else changes', () => {
    const instances = containersOf(spec).map((c) => {
      const r = stepRecords(c, recipes[c.name]!, spec, {});
      return { name: c.name, statusCode: 103, config: { [MARK.datacenter]: 'home', [MARK.component]: c.component, [`${MARK.step}instance`]: r.instance, [`${MARK.step}service`]: r.service } };
    });
    const observed: Observed = {
      ...base,
      project: { exists: true, datacenter: 'home' },
      networks: [{ name: names.internalNetwork, datacenter: 'home', cidr: names.internalCidr, usedBy: 3 }, { name: names.natNetwork, datacenter: 'home', cidr: names.natCidr, usedBy: 1 }],
      isolationDrift: [],
      profiles: ['bcm-base'],
      volumes: ['btcd-data', 'lnd-data'],
      instances,
      cluster: { members: three, locations: { gateway: 'm1', btcd: 'm2', lnd: 'm3' }, volumeLocations: { 'btcd-data': 'm2', 'lnd-data': 'm3' } },
    };
    expect(planApply({ spec, observed, recipes, artifactHashes: {} }).actions).toEqual([]);
    const plan = planApply({ spec: { ...spec, placement: { lnd: 'm1' } }, observed, recipes, artifactHashes: {} });
    expect(plan.actions.map((a) => a.id)).toEqual(['snapshot:lnd', 'move-instance:lnd', 'start-instance:lnd', 'wait-healthy:lnd']);
    expect(plan.actions[1]).toMatchObject({ member: 'm1', title: 'Stop and move lnd from m3 to m1', detail: 'with its data volume lnd-data (copied to m1, then removed from m3)' });
    // a move to an offline member is refused before anything runs
    const offline = planApply({ spec: { ...spec, placement: { lnd: 'm1' } }, observed: { ...observed, cluster: { ...observed.cluster!, members: [member('m1', 8, 100, 'Offline'), ...three.slice(1)] } }, recipes, artifactHashes: {} });
    expect(offline.blockers).toContain('lnd is placed on "m1", which is offline: choose another member or Automatic.');
  });

  it('plans nothing about members on a single server', () => {
    const { cluster: _c, ...single } = base;
    const plan = planApply({ spec, observed: single, recipes, artifactHashes: {} });
    expect(plan.placement).toBeUndefined();
    expect(plan.actions.every((a) => a.member === undefined)).toBe(true);
  });
});
