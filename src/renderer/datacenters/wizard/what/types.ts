import type { DatacenterSpec } from '../../../../shared/datacenter/spec';

/** What every section of the "What" step gets: the draft, a way to change it, and field errors. */
export interface SectionProps {
  spec: DatacenterSpec;
  edit: (change: (spec: DatacenterSpec) => DatacenterSpec) => void;
  /** validation messages by field path ("bitcoin.pruneMiB") */
  errors: Record<string, string>;
}
