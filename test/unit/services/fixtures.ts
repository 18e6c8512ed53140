import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Outcome } from '../../../src/main/services/core/section';

const root = join(__dirname, '..', '..', 'fixtures', 'services');

/** A recorded (btcd, lnd) or documented (bitcoind, clightning) answer from test/fixtures/services/. */
export function fixture(service: 'btcd' | 'lnd' | 'bitcoind' | 'clightning', name: string): unknown {
  return JSON.parse(readFileSync(join(root, service, `${name}.json`), 'utf8')) as unknown;
}

export const ok = (result: unknown): Outcome => ({ ok: true, result });
export const okFixture = (service: 'btcd' | 'bitcoind' | 'clightning', name: string): Outcome => ok(fixture(service, name));
