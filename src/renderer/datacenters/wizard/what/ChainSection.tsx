import { Radio, SimpleGrid } from '@mantine/core';
import { chains, type Chain } from '../../../../shared/datacenter/spec';
import { ChoiceCard } from './ChoiceCard';
import { FormSection } from './FormSection';

export const chainInfo: Record<Chain, { title: string; line: string }> = {
  mainnet: { title: 'Mainnet', line: 'The real Bitcoin network, with real money. The full chain is large.' },
  testnet: { title: 'Testnet', line: 'The public test network: coins are worthless, blocks come irregularly.' },
  signet: { title: 'Signet', line: 'A small, steady test network with signed blocks: good for trying wallets.' },
  regtest: { title: 'Regtest', line: 'A private chain only you can see: you mine blocks on demand. For tests.' },
};

export function ChainSection({
  chain,
  onChange,
  error,
}: {
  chain: Chain;
  onChange: (chain: Chain) => void;
  error?: string;
}) {
  return (
    <FormSection title="Chain" description="Which Bitcoin network the node follows.">
      <Radio.Group value={chain} onChange={(value) => onChange(value as Chain)} error={error} aria-label="Chain">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {chains.map((c) => (
            <ChoiceCard key={c} value={c} title={chainInfo[c].title} line={chainInfo[c].line} testId={`chain-${c}`} />
          ))}
        </SimpleGrid>
      </Radio.Group>
    </FormSection>
  );
}
