import { Group, Radio, Stack, Text, TextInput } from '@mantine/core';
import type { SectionProps } from './types';

export const DEFAULT_IMAGE = { alias: 'debian/12/cloud', server: 'https://images.lxd.canonical.com' };
/** what scripts/build-debian-image.sh imports for offline installs (and the tests) */
export const LOCAL_IMAGE_ALIAS = 'bcm-debian-bookworm';

/** Advanced: the base image every container starts from. */
export function ImageSection({ spec, edit, errors }: SectionProps) {
  const onEndpoint = spec.image.server === undefined;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Every container starts from a Debian 12 image with cloud-init. Without internet, use an image already on the
        endpoint, such as the one <code>scripts/build-debian-image.sh</code> imports as <code>{LOCAL_IMAGE_ALIAS}</code>
        .
      </Text>
      <Radio.Group
        value={onEndpoint ? 'endpoint' : 'server'}
        onChange={(value) =>
          edit((s) => ({ ...s, image: value === 'endpoint' ? { alias: LOCAL_IMAGE_ALIAS } : { ...DEFAULT_IMAGE } }))
        }
        aria-label="Image source"
      >
        <Group gap="lg">
          <Radio value="server" label="From an image server" />
          <Radio value="endpoint" label="Already on the endpoint" />
        </Group>
      </Radio.Group>
      <Group align="flex-start" gap="sm" grow>
        <TextInput
          label="Image alias"
          value={spec.image.alias}
          onChange={(e) => {
            const alias = e.currentTarget.value;
            edit((s) => ({ ...s, image: { ...s.image, alias } }));
          }}
          error={errors['image.alias'] ?? errors['image']}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        {!onEndpoint && (
          <TextInput
            label="Image server"
            value={spec.image.server ?? ''}
            onChange={(e) => {
              const server = e.currentTarget.value;
              edit((s) => ({ ...s, image: { ...s.image, server } }));
            }}
            error={errors['image.server']}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
        )}
      </Group>
    </Stack>
  );
}
