import { Alert, Badge, Checkbox, Group, List, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { AppListing } from '../../../../shared/apps/listing';
import type { DatacenterSpec } from '../../../../shared/datacenter/spec';
import { useApps } from '../../../api/use-datacenters';
import { FormSection } from './FormSection';
import type { SectionProps } from './types';

function sizeText(app: AppListing): string {
  const mem = app.containers.reduce((n, c) => n + c.size.memoryMiB, 0);
  const disk = app.containers.reduce((n, c) => n + c.size.diskGiB + c.dataGiB, 0);
  return `${app.containers.length} container${app.containers.length > 1 ? 's' : ''}, ${mem} MiB, ${disk} GiB`;
}

/** Turning an app on adds the apps it requires (they are chosen together); off removes only it. */
function toggle(spec: DatacenterSpec, app: AppListing, on: boolean, all: readonly AppListing[]): DatacenterSpec {
  const entry = (a: AppListing): DatacenterSpec['apps'][number] => ({ id: a.id, containers: a.containers.map((c) => ({ name: c.name, size: c.size })), onion: [] });
  if (!on) return { ...spec, apps: spec.apps.filter((a) => a.id !== app.id) };
  const wanted = [...spec.apps];
  const add = (a: AppListing, path: string[]): void => {
    if (wanted.some((w) => w.id === a.id) || path.includes(a.id)) return;
    for (const dep of a.requires.apps) {
      const d = all.find((x) => x.id === dep);
      if (d) add(d, [...path, a.id]);
    }
    wanted.push(entry(a));
  };
  add(app, []);
  return { ...spec, apps: wanted };
}

/** Publishing a chosen app's declared onion port on or off (the gateway's Tor serves it to clients with a key). */
function setOnion(spec: DatacenterSpec, app: string, port: { container: string; port: number }, on: boolean): DatacenterSpec {
  const same = (p: { container: string; port: number }): boolean => p.container === port.container && p.port === port.port;
  return { ...spec, apps: spec.apps.map((a) => (a.id !== app ? a : { ...a, onion: on ? [...a.onion.filter((p) => !same(p)), port] : a.onion.filter((p) => !same(p)) })) };
}

function AppOnionSwitches({ spec, edit, apps }: Pick<SectionProps, 'spec' | 'edit'> & { apps: readonly AppListing[] }) {
  const ports = spec.apps.flatMap((entry) => {
    const app = apps.find((a) => a.id === entry.id);
    return (app?.onion ?? []).map((o) => ({ app, entry, o }));
  });
  if (ports.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="app-onion-switches">
      {ports.map(({ app, entry, o }) => (
        <Switch
          key={`${entry.id}-${o.container}-${o.port}`}
          label={`Publish ${app?.title ?? entry.id}'s port ${o.port} over Tor`}
          description={`${o.description}. A v3 onion service from the gateway, reachable only by clients you make a key for on the datacenter's page.`}
          checked={entry.onion.some((p) => p.container === o.container && p.port === o.port)}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            edit((s) => setOnion(s, entry.id, { container: o.container, port: o.port }, on));
          }}
        />
      ))}
    </Stack>
  );
}

/**
 * Apps from manifests (issue 14): BCM's own and third-party ones from ~/.bcm/apps/, marked as such.
 * A manifest with errors is listed with them (file, line, column) and not offered. Whether the
 * chosen apps fit together (roles, conflicts, cycles) is the plan's to say, before anything runs.
 */
export function AppsSection({ spec, edit, errors }: SectionProps) {
  const apps = useApps();
  const list = apps.data?.apps ?? [];
  const invalid = apps.data?.invalid ?? [];
  return (
    <FormSection title="Apps" description="Services deployed from app manifests, each in containers of its own. Third-party apps come from manifests in ~/.bcm/apps/.">
      {apps.isError && (
        <Text size="sm" c="red">
          The installed apps could not be read: {apps.error instanceof Error ? apps.error.message : String(apps.error)}
        </Text>
      )}
      {list.length === 0 && !apps.isLoading && !apps.isError && (
        <Text size="sm" c="dimmed">
          No app manifests are installed.
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {list.map((app) => {
          const checked = spec.apps.some((a) => a.id === app.id);
          return (
            <Checkbox.Card key={app.id} checked={checked} onChange={(on) => edit((s) => toggle(s, app, on, list))} p="sm" radius="md" aria-label={app.title} data-testid={`app-${app.id}`}>
              <Group wrap="nowrap" align="flex-start" gap="sm">
                <Checkbox.Indicator mt={2} />
                <div>
                  <Group gap={6}>
                    <Text fw={600} size="sm">
                      {app.title}
                    </Text>
                    <Text span size="xs" c="dimmed">
                      {app.version}
                    </Text>
                    {app.source === 'third-party' && (
                      <Badge size="xs" color="orange" variant="light" title={app.file}>
                        third-party
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {app.description}
                  </Text>
                  <Text size="xs" c="dimmed" mt={4}>
                    {sizeText(app)}
                    {app.requires.roles.length + app.requires.apps.length > 0 ? ` · needs ${[...app.requires.roles, ...app.requires.apps.filter((a) => !app.requires.roles.includes(a))].join(', ')}` : ''}
                  </Text>
                </div>
              </Group>
            </Checkbox.Card>
          );
        })}
      </SimpleGrid>
      <AppOnionSwitches spec={spec} edit={edit} apps={list} />
      {errors['apps'] !== undefined && (
        <Text size="sm" c="red">
          {errors['apps']}
        </Text>
      )}
      {invalid.length > 0 && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title={`${invalid.length} app manifest${invalid.length > 1 ? 's' : ''} not offered: fix ${invalid.length > 1 ? 'them' : 'it'} and open this step again`} data-testid="invalid-apps">
          <List size="xs" spacing={4}>
            {invalid.flatMap((bad) =>
              bad.issues.slice(0, 5).map((issue, i) => (
                <List.Item key={`${bad.file}:${i}`}>
                  <Text span ff="monospace" size="xs">
                    {bad.file}:{issue.line}:{issue.column}
                  </Text>{' '}
                  {issue.path ? `${issue.path}: ` : ''}
                  {issue.message}
                </List.Item>
              )),
            )}
          </List>
        </Alert>
      )}
    </FormSection>
  );
}
