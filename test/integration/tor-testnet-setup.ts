import type { TestProject } from 'vitest/node';
import { startTestnet, type SharedTestnet } from '../../scripts/tor-testnet/network';

// One private Tor network for the whole integration tier (issue 11: it used to be one per file):
// started here, in vitest's main process, and handed to the files through `inject('torTestnet')`.
// Its nodes exit with this process; the files that use it wait for their own bootstrap.

declare module 'vitest' {
  export interface ProvidedContext {
    torTestnet: SharedTestnet;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const net = await startTestnet();
  project.provide('torTestnet', { root: net.root, clientLines: net.clientLines, onion: net.onion });
  return () => net.stop();
}
