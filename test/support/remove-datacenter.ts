// Removes a test datacenter from the test LXD whatever state a failure left it in: its project's
// instances, custom volumes and profiles, the project, its bridges and its internal bridge's ACL.
// Nothing else is touched. Shared by the integration and e2e tiers (each used to have its own copy).
import type { DatacenterNames } from '../../src/main/datacenter/naming';
import { lxc, tryLxc } from '../../e2e/support/lxc';

type Names = Pick<DatacenterNames, 'project' | 'internalNetwork' | 'natNetwork' | 'internalAcl'>;

export function removeTestDatacenter(names: Names): void {
  const { project } = names;
  const projects = (JSON.parse(lxc('query', '/1.0/projects')) as string[]).map((u) => u.replace(/^.*\//, ''));
  if (projects.includes(project)) {
    for (const i of JSON.parse(lxc('list', '--project', project, '--format', 'json')) as Array<{ name: string }>) tryLxc('delete', '--force', '--project', project, i.name);
    for (const v of JSON.parse(lxc('storage', 'volume', 'list', 'default', '--project', project, '--format', 'json')) as Array<{ name: string; type: string }>) {
      if (v.type === 'custom') tryLxc('storage', 'volume', 'delete', 'default', v.name, '--project', project);
    }
    for (const p of JSON.parse(lxc('profile', 'list', '--project', project, '--format', 'json')) as Array<{ name: string }>) {
      if (p.name !== 'default') tryLxc('profile', 'delete', p.name, '--project', project);
    }
    tryLxc('project', 'delete', project);
  }
  for (const net of [names.internalNetwork, names.natNetwork]) tryLxc('network', 'delete', net);
  tryLxc('network', 'acl', 'delete', names.internalAcl);
}
