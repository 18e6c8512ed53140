import { Button, Card, Group, NumberInput, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconHammer } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useMine } from '../api';
import { shortHash } from '../lib/format';

/** Regtest only: mine N blocks now (rewards go to the Lightning wallet where BCM can choose). */
export function MineCard({ datacenter, disabled = false }: { datacenter: string; disabled?: boolean }) {
  const [blocks, setBlocks] = useState<number>(1);
  const mine = useMine(datacenter);
  const submit = (count = blocks) =>
    mine.mutate(count, {
      onSuccess: (r) =>
        notifications.show({
          color: 'teal',
          title: `Mined ${r.mined} block${r.mined === 1 ? '' : 's'}`,
          message: `Tip is now ${r.tip}. Rewards to ${r.payee === 'lightning' ? 'the Lightning wallet' : 'the node’s mining address'} (${shortHash(r.address, 10)}).`,
        }),
    });
  return (
    <Card data-testid="mine-card">
      <Text fw={650}>Mine blocks</Text>
      <Text size="sm" c="dimmed" mb="sm">
        Regtest: blocks appear only when you mine them. Coinbase rewards can be spent after 100 more blocks.
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Group align="flex-end" gap="sm">
          <NumberInput label="Blocks to mine" min={1} max={500} w={120} value={blocks} onChange={(v) => setBlocks(typeof v === 'number' ? v : Number(v) || 1)} clampBehavior="strict" allowDecimal={false} />
          <Button type="submit" leftSection={<IconHammer size={16} />} loading={mine.isPending} disabled={disabled}>
            Mine {blocks} block{blocks === 1 ? '' : 's'}
          </Button>
          {/* does what it says: mines 101 blocks at once, so the first block's reward can be spent */}
          <Button variant="default" disabled={mine.isPending || disabled} onClick={() => submit(101)}>
            Mine 101 to mature a reward
          </Button>
        </Group>
      </form>
      {mine.error && <ErrorAlert error={mine.error} title="Could not mine" mt="sm" />}
    </Card>
  );
}
