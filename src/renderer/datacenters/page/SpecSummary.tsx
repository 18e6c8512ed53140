import { DataList, Text } from '@mantine/core';
import { containersOf, estimate } from '../../../shared/datacenter/catalog';
import { projectName, type DatacenterSpec } from '../../../shared/datacenter/spec';
import { formatGiB, formatMiB } from '../lib/estimate-format';
import { chainInfo } from '../wizard/what/ChainSection';

function yesNo(value: boolean): string {
  return value ? 'On' : 'Off';
}

/** The saved spec in plain words. */
export function SpecSummary({ spec }: { spec: DatacenterSpec }) {
  const est = estimate(spec);
  const bitcoin =
    spec.bitcoin.implementation === 'btcd'
      ? 'btcd'
      : [
          'Bitcoin Core',
          spec.bitcoin.pruneMiB > 0 ? `pruned to ${formatMiB(spec.bitcoin.pruneMiB)}` : '',
          spec.bitcoin.txindex ? 'txindex' : '',
        ]
          .filter((p) => p !== '')
          .join(' · ');
  const lightning =
    [spec.lightning.lnd ? 'LND' : '', spec.lightning.clightning ? 'Core Lightning' : '']
      .filter((p) => p !== '')
      .join(' + ') || 'None';
  const overrides = Object.keys(spec.artifacts);
  return (
    <DataList size="sm" labelWidth={150} withDivider>
      <DataList.Item>
        <DataList.ItemLabel>Endpoint</DataList.ItemLabel>
        <DataList.ItemValue>{spec.endpoint}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>LXD project</DataList.ItemLabel>
        <DataList.ItemValue>
          <Text span ff="monospace" size="sm">
            {projectName(spec.name)}
          </Text>
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Chain</DataList.ItemLabel>
        <DataList.ItemValue>{chainInfo[spec.chain].title}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Bitcoin node</DataList.ItemLabel>
        <DataList.ItemValue>{bitcoin}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Lightning</DataList.ItemLabel>
        <DataList.ItemValue>{lightning}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Kafka</DataList.ItemLabel>
        <DataList.ItemValue>
          {spec.kafka.enabled ? `${spec.kafka.brokers} broker${spec.kafka.brokers === 1 ? '' : 's'}` : 'Off'}
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Logging pipeline</DataList.ItemLabel>
        <DataList.ItemValue>{yesNo(spec.logging)}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Remote access (Tor)</DataList.ItemLabel>
        <DataList.ItemValue>{yesNo(spec.remoteAccess)}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Mobile wallet pairing (Tor)</DataList.ItemLabel>
        <DataList.ItemValue>{yesNo(spec.walletPairing)}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Apps</DataList.ItemLabel>
        <DataList.ItemValue>{spec.apps.map((a) => (a.onion.length ? `${a.id} (onion: ${a.onion.map((o) => o.port).join(', ')})` : a.id)).join(', ') || 'None'}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Containers</DataList.ItemLabel>
        <DataList.ItemValue>
          {containersOf(spec).length} · {est.cpus} CPUs · {formatMiB(est.memoryMiB)} memory · about{' '}
          {formatGiB(est.diskGiB)} disk
        </DataList.ItemValue>
      </DataList.Item>
      {overrides.length > 0 && (
        <DataList.Item>
          <DataList.ItemLabel>Local artifacts</DataList.ItemLabel>
          <DataList.ItemValue>
            {overrides.map((name) => `${name} ${spec.artifacts[name]?.version ?? ''}`).join(', ')}
          </DataList.ItemValue>
        </DataList.Item>
      )}
    </DataList>
  );
}
