import { homedir } from 'node:os';
import { join } from 'node:path';

/** ~/.bcm, or $BCM_HOME (tests and a second profile use it). */
export function bcmHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.BCM_HOME && env.BCM_HOME.length > 0 ? env.BCM_HOME : join(homedir(), '.bcm');
}

export interface BcmLayout {
  root: string;
  endpoints: string;
  datacenters: string;
  runtime: string;
  secrets: string;
  /** user app manifests (issue 14): <id>.yaml */
  apps: string;
}

export function layout(root: string): BcmLayout {
  return {
    root,
    endpoints: join(root, 'endpoints'),
    datacenters: join(root, 'datacenters'),
    runtime: join(root, 'runtime'),
    secrets: join(root, 'secrets'),
    apps: join(root, 'apps'),
  };
}
