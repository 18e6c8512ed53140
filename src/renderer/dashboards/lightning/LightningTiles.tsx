import { Badge, Group, Progress, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { IconArrowsExchange, IconCoins, IconFingerprint, IconLifebuoy, IconPlugConnected, IconStack2 } from '@tabler/icons-react';
import type { LightningSnapshot } from '../../../shared/services/lightning';
import { CopyIconButton } from '../../components/CopyIconButton';
import { Figure, SectionTile } from '../components/SectionTile';
import { formatBtcOrSats, formatCount, formatSats, shortHash } from '../lib/format';
import { localShare } from '../lib/series';

const ICON = { size: 18, stroke: 1.6 } as const;

function Flag({ ok, label }: { ok: boolean | null; label: string }) {
  return (
    <Badge variant="light" color={ok === null ? 'gray' : ok ? 'teal' : 'orange'}>
      {label}: {ok === null ? 'n/a' : ok ? 'yes' : 'not yet'}
    </Badge>
  );
}

/** Headline tiles: identity, chain sync, balances, channels, peers, channel backup. */
export function LightningTiles({ snapshot }: { snapshot: LightningSnapshot | undefined }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
      <SectionTile title="Node" section={snapshot?.info} icon={<IconFingerprint {...ICON} />} testId="tile-identity">
        {(i) => (
          <Stack gap={6}>
            <Group gap="xs">
              {i.color && <span aria-hidden style={{ width: 14, height: 14, borderRadius: 4, background: i.color, display: 'inline-block' }} />}
              <Text fz={22} fw={700} data-testid="ln-alias">
                {i.alias}
              </Text>
            </Group>
            <Group gap={4} wrap="nowrap">
              <Tooltip label={i.pubkey}>
                <Text size="sm" ff="monospace" data-testid="ln-pubkey">
                  {shortHash(i.pubkey, 12)}
                </Text>
              </Tooltip>
              <CopyIconButton value={i.pubkey} label="Copy public key" />
            </Group>
            <Text size="sm" c="dimmed">
              Version {i.version}
            </Text>
          </Stack>
        )}
      </SectionTile>

      <SectionTile title="Chain" section={snapshot?.info} icon={<IconStack2 {...ICON} />} testId="tile-ln-sync">
        {(i) => (
          <Stack gap="xs">
            <Figure
              value={<span data-testid="ln-height">{formatCount(i.blockHeight)}</span>}
              caption={snapshot?.nodeBlocks !== null && snapshot?.nodeBlocks !== undefined ? `node at ${formatCount(snapshot.nodeBlocks)}` : 'node height unknown'}
            />
            <Group gap="xs">
              <span data-testid="ln-synced-chain" data-synced={String(i.syncedToChain)}>
                <Flag ok={i.syncedToChain} label="Synced to chain" />
              </span>
              <Flag ok={i.syncedToGraph} label="Graph" />
            </Group>
            {i.warnings.map((w) => (
              <Text key={w} size="xs" c="orange.8">
                {w}
              </Text>
            ))}
          </Stack>
        )}
      </SectionTile>

      <SectionTile title="Balances" section={snapshot?.balances} icon={<IconCoins {...ICON} />} testId="tile-balances">
        {(b) => (
          <Stack gap={6}>
            <Figure value={formatBtcOrSats(b.onchainConfirmedSat + b.channelLocalSat)} caption="spendable: on-chain plus channels" />
            <Text size="sm">
              On-chain {formatSats(b.onchainConfirmedSat)}
              {b.onchainUnconfirmedSat > 0 ? ` (+${formatSats(b.onchainUnconfirmedSat)} unconfirmed)` : ''}
              {b.onchainLockedSat > 0 ? ` · ${formatSats(b.onchainLockedSat)} reserved` : ''}
            </Text>
            <Text size="sm">
              Channels: {formatSats(b.channelLocalSat)} local · {formatSats(b.channelRemoteSat)} remote
            </Text>
            {b.channelLocalSat + b.channelRemoteSat > 0 && <Progress value={localShare(b.channelLocalSat, b.channelRemoteSat)} size="sm" aria-label="Local share of channel balance" />}
          </Stack>
        )}
      </SectionTile>

      <SectionTile title="Channels" section={snapshot?.channels} icon={<IconArrowsExchange {...ICON} />} testId="tile-channels">
        {(c) => (
          <Stack gap={6}>
            <Figure value={`${c.active} active`} caption={`${c.inactive} inactive · ${c.pending} pending`} />
            <Text size="sm">Capacity {formatBtcOrSats(c.capacitySat)}</Text>
          </Stack>
        )}
      </SectionTile>

      <SectionTile title="Peers" section={snapshot?.peers} icon={<IconPlugConnected {...ICON} />} testId="tile-ln-peers">
        {(p) => <Figure value={formatCount(p.length)} caption={p.length === 0 ? 'Connect to a peer to open a channel.' : 'connected now'} />}
      </SectionTile>

      <SectionTile title="Channel backup" section={snapshot?.backup} icon={<IconLifebuoy {...ICON} />} testId="tile-backup">
        {(b) => (
          <Stack gap={6}>
            <Badge variant="light" color={b.available ? 'teal' : 'orange'} w="fit-content">
              {b.available ? 'Available' : 'Not yet'}
            </Badge>
            <Text size="sm">{b.description}</Text>
            <Text size="xs" c="dimmed">
              The Backup page pulls it into every backup of ~/.bcm.
            </Text>
          </Stack>
        )}
      </SectionTile>
    </SimpleGrid>
  );
}
