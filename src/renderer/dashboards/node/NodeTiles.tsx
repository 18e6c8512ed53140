import { Badge, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconBox, IconCpu, IconDatabase, IconNetwork, IconStack2, IconUsers } from '@tabler/icons-react';
import type { NodeSnapshot } from '../../../shared/services/node';
import { formatBytes, formatDuration, formatMoment } from '../../lib/format';
import { Figure, SectionTile } from '../components/SectionTile';
import { formatCount, formatHashRate, progressText } from '../lib/format';

const ICON = { size: 18, stroke: 1.6 } as const;

/** The headline tiles: sync, peers, mempool, network, disk. */
export function NodeTiles({ snapshot }: { snapshot: NodeSnapshot | undefined }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
      <SectionTile title="Sync" section={snapshot?.chainInfo} icon={<IconStack2 {...ICON} />} testId="tile-sync">
        {(c) => (
          <Stack gap="xs">
            <Figure
              value={<span data-testid="node-height">{formatCount(c.blocks)}</span>}
              caption={
                <>
                  of {formatCount(c.headers)} headers · {c.chain}
                  {c.initialBlockDownload ? ' · initial download' : ''}
                </>
              }
            />
            <Progress value={c.verificationProgress * 100} color={c.verificationProgress >= 0.9999 ? 'teal' : 'blue'} size="lg" radius="xl" aria-label="Verification progress" striped={c.initialBlockDownload} animated={c.initialBlockDownload} />
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                Verified {progressText(c.verificationProgress)}
              </Text>
              {c.medianTime !== null && (
                <Text size="xs" c="dimmed">
                  Tip median time {new Date(c.medianTime * 1000).toLocaleString()}
                </Text>
              )}
            </Group>
            {c.warnings.map((w) => (
              <Text key={w} size="xs" c="orange.8">
                {w}
              </Text>
            ))}
          </Stack>
        )}
      </SectionTile>

      <SectionTile title="Peers" section={snapshot?.peers} icon={<IconUsers {...ICON} />} testId="tile-peers">
        {(p) => (
          <Stack gap="xs">
            <Figure value={formatCount(p.list.length)} caption={`${p.outbound} outbound · ${p.inbound} inbound`} />
            <Group gap="xs">
              <Badge variant="light" color="grape">
                {p.onion} onion
              </Badge>
              <Badge variant="light" color="gray">
                {p.clearnet} clearnet
              </Badge>
              {snapshot?.chain === 'regtest' && p.list.length === 0 && (
                <Text size="xs" c="dimmed">
                  A regtest node has no peers: expected.
                </Text>
              )}
            </Group>
          </Stack>
        )}
      </SectionTile>

      <SectionTile title="Mempool" section={snapshot?.mempool} icon={<IconBox {...ICON} />} testId="tile-mempool">
        {(m) => (
          <Stack gap="xs">
            <Figure value={`${formatCount(m.count)} tx`} caption={`${formatBytes(m.bytes)}${m.minFeeSatVb !== null ? ` · min fee ${m.minFeeSatVb} sat/vB` : ''}`} />
            {m.usageBytes !== null && m.maxBytes !== null && m.maxBytes > 0 && (
              <Progress value={(m.usageBytes / m.maxBytes) * 100} size="sm" aria-label="Mempool memory use" />
            )}
          </Stack>
        )}
      </SectionTile>

      <SectionTile title="Node" section={snapshot?.network} icon={<IconCpu {...ICON} />} testId="tile-network">
        {(n) => (
          <Stack gap={4}>
            <Figure value={n.version} caption={n.userAgent ?? undefined} />
            <Text size="sm">Up {n.uptimeSeconds !== null ? formatDuration(n.uptimeSeconds) : '—'}</Text>
            <Text size="sm">Network hash rate {formatHashRate(n.hashRate)}</Text>
            {n.warnings.map((w) => (
              <Text key={w} size="xs" c="orange.8">
                {w}
              </Text>
            ))}
          </Stack>
        )}
      </SectionTile>

      <SectionTile title="Disk" section={snapshot?.disk} icon={<IconDatabase {...ICON} />} testId="tile-disk">
        {(d) => (
          <Figure
            value={d.dataBytes !== null ? formatBytes(d.dataBytes) : '—'}
            caption={d.pruned ? `Pruned${d.pruneTargetBytes ? ` to ${formatBytes(d.pruneTargetBytes)}` : ''}` : 'Full block data, not pruned'}
          />
        )}
      </SectionTile>

      <SectionTile title="Chain tip" section={snapshot?.recentBlocks} icon={<IconNetwork {...ICON} />} testId="tile-tip">
        {(blocks) => {
          const tip = blocks[0];
          return tip ? (
            <Figure value={formatMoment(tip.time * 1000)} caption={`Block ${formatCount(tip.height)}: ${tip.txCount} tx, ${formatBytes(tip.sizeBytes)}`} />
          ) : (
            <Text c="dimmed">No blocks</Text>
          );
        }}
      </SectionTile>
    </SimpleGrid>
  );
}
