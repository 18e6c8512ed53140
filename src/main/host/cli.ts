// `npm run host` / `node dist/main/host.js [--port N] [--open]`: the browser host.
import { createInterface } from 'node:readline';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createAppContext } from '../app-context';
import { openInBrowser } from './open-link';
import { startHost } from './server';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, open: { type: 'boolean', default: false } },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${values.port} is not a port number`);
  const staticDir = join(root, 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) throw new Error(`The UI is not built (${staticDir}); run npm run build first.`);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

  const context = await createAppContext({ transport: 'browser-host', version: pkg.version });
  const host = await startHost({ router: context.router, staticDir, port, stateFile: `${context.home}.host.json` });
  // The link carries a one-time token: printed for the person who started the host, never put on a
  // command line. Enter prints another (for another tab or browser).
  console.log(`BCM_HOST_URL=${host.url}`);
  console.log(`[bcm] browser host ready; open the link above (it works once; press Enter here for a new one). ~/.bcm is ${context.home}. Ctrl+C stops it.`);
  if (process.stdin.readable) {
    createInterface({ input: process.stdin }).on('line', () => console.log(`BCM_HOST_URL=${host.newLink()}`));
  }
  if (values.open) await openInBrowser(host.newLink());
  const stop = (): void => {
    void Promise.all([host.close(), context.close()]).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`[bcm] the browser host could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
