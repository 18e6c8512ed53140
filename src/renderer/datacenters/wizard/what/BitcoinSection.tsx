import { Checkbox, Group, NumberInput, Radio, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { catalog } from '../../../../shared/datacenter/catalog';
import { setBackend } from '../../lib/draft';
import { ChoiceCard } from './ChoiceCard';
import { FormSection } from './FormSection';
import type { SectionProps } from './types';

const DEFAULT_PRUNE_MIB = 5_000;
const backends = ['bitcoind', 'btcd'] as const;

export function BitcoinSection({ spec, edit, errors }: SectionProps) {
  const core = spec.bitcoin.implementation === 'bitcoind';
  const pruned = spec.bitcoin.pruneMiB > 0;
  return (
    <FormSection title="Bitcoin node" description="The full node every other service talks to.">
      <Radio.Group
        value={spec.bitcoin.implementation}
        onChange={(value) => edit((s) => setBackend(s, value === 'btcd' ? 'btcd' : 'bitcoind'))}
        aria-label="Bitcoin backend"
        error={errors['bitcoin.implementation']}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {backends.map((kind) => (
            <ChoiceCard key={kind} value={kind} title={catalog[kind].title} line={catalog[kind].description} testId={`backend-${kind}`} />
          ))}
        </SimpleGrid>
      </Radio.Group>

      {core && (
        <Stack gap="sm" pl={{ base: 0, sm: 'xs' }}>
          <Group align="flex-start" gap="lg" wrap="wrap">
            <Switch
              label="Prune old blocks"
              description="Keep only recent blocks to save disk. A pruned node cannot serve old blocks."
              checked={pruned}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                edit((s) => ({
                  ...s,
                  bitcoin: {
                    ...s.bitcoin,
                    pruneMiB: on ? DEFAULT_PRUNE_MIB : 0,
                    txindex: on ? false : s.bitcoin.txindex,
                  },
                }));
              }}
              maw={360}
            />
            {pruned && (
              <NumberInput
                label="Keep at most"
                suffix=" MiB"
                min={550}
                step={500}
                clampBehavior="none"
                thousandSeparator=" "
                value={spec.bitcoin.pruneMiB}
                onChange={(value) => {
                  if (typeof value === 'number') edit((s) => ({ ...s, bitcoin: { ...s.bitcoin, pruneMiB: value } }));
                }}
                error={errors['bitcoin.pruneMiB']}
                w={180}
              />
            )}
          </Group>
          <Checkbox
            label="Transaction index (txindex)"
            description={
              pruned
                ? 'Not available on a pruned node.'
                : 'Look up any transaction by its id; takes about 8 % more disk.'
            }
            checked={spec.bitcoin.txindex}
            disabled={pruned}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              edit((s) => ({ ...s, bitcoin: { ...s.bitcoin, txindex: on } }));
            }}
            error={errors['bitcoin.txindex']}
          />
          {!pruned && errors['bitcoin.pruneMiB'] !== undefined && (
            <Text size="sm" c="red">
              {errors['bitcoin.pruneMiB']}
            </Text>
          )}
        </Stack>
      )}
    </FormSection>
  );
}
