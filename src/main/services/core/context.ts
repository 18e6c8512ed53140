import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import type { LxdClient } from '../../lxd/index';

/** Reads a secret BCM keeps for a datacenter (`dc.<datacenter>.<name>` in ~/.bcm/secrets). */
export type SecretReader = (name: string) => Promise<string | undefined>;

/** Everything an adapter needs to reach its service: through the LXD API only. */
export interface ServiceContext {
  datacenter: string;
  spec: DatacenterSpec;
  /** a client of the datacenter's endpoint (not to be closed by adapters) */
  client: LxdClient;
  /** the datacenter's LXD project */
  project: string;
  /** container name -> its fixed internal IPv4 */
  addresses: Record<string, string>;
  secret: SecretReader;
}

/** Reads a small text file from a container through the LXD files API. */
export async function readContainerFile(ctx: ServiceContext, instance: string, path: string): Promise<Buffer> {
  const { data } = await ctx.client.files.read(instance, path, { project: ctx.project });
  return data;
}
