import { describe, expect, it } from 'vitest';
import { defaultSpec, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { cliTerminal } from '../../../src/renderer/dashboards/lib/cli-terminal';

const base = defaultSpec('home', 'local', 'signet');
const withKafka: DatacenterSpec = { ...base, kafka: { ...base.kafka, enabled: true } };

describe('the command-line terminal of a dashboard', () => {
  it('opens lncli in the lnd container with the chain’s network and the RPC address', () => {
    const t = cliTerminal(base, 'lnd');
    expect(t?.target).toEqual({ endpoint: 'local', project: 'bcm-home', name: 'lnd' });
    expect(t?.preset.aliases).toEqual([{ name: 'lncli', command: '/usr/local/bin/lncli --lnddir=/var/lib/lnd --network=signet --rpcserver=127.0.0.1:10009' }]);
    expect(t?.preset.banner).toMatch(/Try: lncli getinfo/);
  });

  it('follows the node’s implementation, and Kafka’s first broker', () => {
    expect(cliTerminal(base, 'node')?.tool).toBe('bitcoin-cli');
    expect(cliTerminal({ ...base, bitcoin: { ...base.bitcoin, implementation: 'btcd' } }, 'node')?.preset.aliases?.[0]?.command).toBe('/usr/local/bin/btcctl --configfile=/etc/btcd/btcctl.conf');
    expect(cliTerminal(withKafka, 'kafka')?.target.name).toBe('kafka-01');
    expect(cliTerminal(withKafka, 'kafka')?.preset.aliases?.[0]?.command).toBe('/usr/local/bin/kafka-topics --bootstrap-server 127.0.0.1:9092');
  });

  it('has nothing for a component the datacenter does not run', () => {
    expect(cliTerminal(base, 'kafka')).toBeUndefined();
    expect(cliTerminal(base, 'clightning')).toBeUndefined();
  });
});
