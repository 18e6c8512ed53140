import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { createBackup } from '../src/main/backup/create';
import { populatedStore, tempDir, PASSPHRASE } from '../test/unit/backup/helpers';
process.on('unhandledRejection', (e) => { console.log('UNHANDLED', (e as Error).stack); });
const base = await tempDir('bcm-dbg-');
const store = await populatedStore(join(base, '.bcm'));
await writeFile(join(store.root, 'runtime-big.bin'), Buffer.alloc(8 * 1024 * 1024, 7));
const controller = new AbortController();
await createBackup({ store, folder: join(base, 'b'), passphrase: PASSPHRASE, appVersion: '0', channels: { backups: [], notes: [] }, logN: 10, signal: controller.signal,
 onProgress: (p) => { if (p.phase === 'writing' && p.done > 1024 * 1024) controller.abort(); } }).catch((e) => console.log('caught', e.message));
await new Promise((r) => setTimeout(r, 500));
