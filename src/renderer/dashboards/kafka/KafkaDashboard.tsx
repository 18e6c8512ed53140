import { Card, Stack } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DashboardFrame } from '../DashboardFrame';
import { useKafkaOverview } from './api';
import { KafkaCharts } from './KafkaCharts';
import { KafkaHeader } from './KafkaHeader';
import { KafkaTables } from './KafkaTables';
import { KafkaTiles } from './KafkaTiles';
import { TopicTail } from './TopicTail';

/** Kafka of a datacenter, live: health, brokers and quorum, topics, consumer lag, the log pipeline, and a topic tail. */
export function KafkaDashboard({ datacenter }: { datacenter: string }) {
  return (
    <DashboardFrame datacenter={datacenter} current="kafka">
      {() => <KafkaBody datacenter={datacenter} />}
    </DashboardFrame>
  );
}

function KafkaBody({ datacenter }: { datacenter: string }) {
  const overview = useKafkaOverview(datacenter);
  const data = overview.data;
  return (
    <Stack gap="lg" data-testid="kafka-dashboard">
      <Card>
        <KafkaHeader overview={data} fetching={overview.isFetching} onRefresh={() => void overview.refetch()} />
      </Card>
      {overview.isError && <ErrorAlert error={overview.error} title="Could not read Kafka" />}
      {data?.state !== 'disabled' && (
        <>
          <KafkaTiles overview={data} />
          <KafkaCharts overview={data} />
          <KafkaTables overview={data} />
          <TopicTail datacenter={datacenter} overview={data} />
        </>
      )}
    </Stack>
  );
}
