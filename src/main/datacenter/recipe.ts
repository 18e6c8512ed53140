import type { ContainerPlan } from '../../shared/datacenter/catalog';
import type { DatacenterSpec } from '../../shared/datacenter/spec';
import type { Release } from '../../shared/datacenter/versions';

/**
 * What one container of a datacenter needs, as pure data: the service recipes in ./components/
 * produce it, the planner hashes it to decide what changed, and the apply steps carry it out.
 */
export interface ContainerRecipe {
  /** '#cloud-config' YAML given to the container at creation */
  userData: string;
  /** config files pushed by the write-config step */
  files: Array<{ path: string; content: string; mode: number; uid: number; gid: number }>;
  /** systemd units installed and started by the enable-service step */
  units: Array<{ name: string; content: string }>;
  /** verified artifacts installed by the install-artifact step */
  artifacts: Array<{
    artifact: string;
    installs: Array<{ from: string; to: string; mode: number }>;
    /** an app's artifact (issue 14), not in BCM's catalog: the version, pin and where to get it */
    source?: { version: string; sha256: string; url?: string; hashSource: string };
    /** an app's artifact: every version its manifest pins, newest first (what it can switch to) */
    releases?: Release[];
  }>;
  /** custom LXD volumes for data, kept by `down` with keepData */
  volumes: Array<{ name: string; path: string; uid: number; gid: number }>;
  /** run by wait-healthy and by status: healthy when it exits 0 (and stdout matches `expect`) */
  health: { command: string[]; timeoutS: number; intervalS: number; expect?: string; describe: string };
  /**
   * A read-only check the status runs after `health` passes, for what apply does not wait for
   * (the gateway's Tor reaching the network): `verdict` gives why it is not fully healthy, or
   * undefined when it is.
   */
  statusCheck?: { command: string[]; verdict: (stdout: string) => string | undefined };
  /** secrets the recipe reads from ctx.secrets (resolved by main before the recipe is built) */
  secrets: string[];
  /**
   * The image this container starts from when it is not the spec's (BCM's local JVM variant for
   * Kafka); absent = `spec.image`.
   */
  image?: DatacenterSpec['image'];
  /** what plans call this container's service when not its component's catalog title (an app's own, issue 14) */
  title?: string;
}

export interface RecipeContext {
  /** container name -> its fixed IPv4 on the internal bridge */
  addresses: Record<string, string>;
  secrets: Record<string, string>;
  /** the gateway's HTTP proxy, e.g. "http://10.64.3.2:8888" */
  gatewayProxy: string;
}

export type RecipeFn = (spec: DatacenterSpec, container: ContainerPlan, ctx: RecipeContext) => ContainerRecipe;
