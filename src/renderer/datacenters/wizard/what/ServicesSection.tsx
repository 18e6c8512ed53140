import { Checkbox, Group, SegmentedControl, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { catalog } from '../../../../shared/datacenter/catalog';
import { setKafka } from '../../lib/draft';
import { FormSection } from './FormSection';
import type { SectionProps } from './types';

export function LightningSection({ spec, edit, errors }: SectionProps) {
  const btcd = spec.bitcoin.implementation === 'btcd';
  return (
    <FormSection title="Lightning" description="Payment channels on top of your node. Choose one, both, or none.">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Checkbox.Card
          checked={spec.lightning.lnd}
          onChange={(on) => edit((s) => ({ ...s, lightning: { ...s.lightning, lnd: on } }))}
          p="sm"
          radius="md"
          aria-label="LND"
          data-testid="lightning-lnd"
        >
          <Group wrap="nowrap" align="flex-start" gap="sm">
            <Checkbox.Indicator mt={2} />
            <div>
              <Text fw={600} size="sm">
                {catalog.lnd.title}
              </Text>
              <Text size="xs" c="dimmed">
                {catalog.lnd.description}
              </Text>
            </div>
          </Group>
        </Checkbox.Card>
        <Checkbox.Card
          checked={spec.lightning.clightning}
          disabled={btcd}
          onChange={(on) => edit((s) => ({ ...s, lightning: { ...s.lightning, clightning: on } }))}
          p="sm"
          radius="md"
          aria-label="Core Lightning"
          data-testid="lightning-clightning"
          style={btcd ? { opacity: 0.6, cursor: 'not-allowed' } : undefined}
        >
          <Group wrap="nowrap" align="flex-start" gap="sm">
            <Checkbox.Indicator mt={2} disabled={btcd} />
            <div>
              <Text fw={600} size="sm">
                {catalog.clightning.title}
              </Text>
              <Text size="xs" c="dimmed">
                {btcd ? 'Needs Bitcoin Core: not available with btcd.' : catalog.clightning.description}
              </Text>
            </div>
          </Group>
        </Checkbox.Card>
      </SimpleGrid>
      {spec.chain === 'regtest' && spec.lightning.lnd && (
        <Switch
          mt="sm"
          label="LND: create the wallet myself, with a seed"
          description="Off: on regtest lnd makes its wallet itself, without a seed, and unlocks it. On: as on mainnet, you create (or restore) the wallet from the LND dashboard, write down its 24 words, and unlock it after each restart."
          checked={spec.lightning.lndWallet === 'owner'}
          onChange={(e) => {
            const owner = e.currentTarget.checked;
            edit((s) => {
              const { lndWallet: _old, ...rest } = s.lightning;
              return { ...s, lightning: owner ? { ...rest, lndWallet: 'owner' as const } : rest };
            });
          }}
          data-testid="lightning-lnd-wallet-owner"
          error={errors['lightning.lndWallet']}
        />
      )}
      {errors['lightning.clightning'] !== undefined && (
        <Text size="sm" c="red">
          {errors['lightning.clightning']}
        </Text>
      )}
    </FormSection>
  );
}

export function ExtrasSection({ spec, edit, errors }: SectionProps) {
  return (
    <FormSection title="Messaging, logging and access">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Switch
            label="Kafka"
            description={catalog.kafka.description}
            checked={spec.kafka.enabled}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              edit((s) => setKafka(s, { enabled: on }));
            }}
            maw={480}
          />
          <SegmentedControl
            size="xs"
            disabled={!spec.kafka.enabled}
            value={String(spec.kafka.brokers)}
            onChange={(value) => edit((s) => setKafka(s, { brokers: value === '3' ? 3 : 1 }))}
            data={[
              { value: '1', label: '1 broker' },
              { value: '3', label: '3 brokers' },
            ]}
            aria-label="Kafka brokers"
          />
        </Group>
        <Switch
          label="Logging pipeline"
          description={spec.kafka.enabled ? catalog.logging.description : 'Needs Kafka: turn Kafka on first.'}
          checked={spec.logging}
          disabled={!spec.kafka.enabled}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            edit((s) => ({ ...s, logging: on }));
          }}
          error={errors['logging']}
        />
        <Switch
          label="Remote access over Tor"
          description="Publishes this server's LXD API as an onion service from the gateway, so you can manage the datacenter from anywhere without opening a port."
          checked={spec.remoteAccess}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            edit((s) => ({ ...s, remoteAccess: on }));
          }}
          error={errors['remoteAccess']}
        />
        <Switch
          label="Pair a mobile wallet over Tor"
          description={
            spec.lightning.lnd
              ? "Publishes lnd (REST, gRPC) and the node's RPC as an onion service from the gateway, for paired wallets only; lnd's certificate names the onion address. Pair wallets from the LND dashboard."
              : 'Needs LND: turn LND on first.'
          }
          checked={spec.walletPairing}
          disabled={!spec.lightning.lnd && !spec.walletPairing}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            edit((s) => ({ ...s, walletPairing: on }));
          }}
          error={errors['walletPairing']}
        />
      </Stack>
    </FormSection>
  );
}
