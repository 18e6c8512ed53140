import { existsSync } from 'node:fs';
import { test, type Page } from '@playwright/test';
import type { BcmApi } from '../../src/shared/client';
import type { DatacenterSpecInput } from '../../src/shared/datacenter/spec';
import type { WsBridge } from '../../src/shared/ws-bridge';
import { namesFor } from '../../src/main/datacenter/naming';
import { removeTestDatacenter } from '../../test/support/remove-datacenter';
import { connectApi, deployThroughApi, regtestLndSpec } from './deploy';
import { startHost, type RunningHost } from './host';
import { hasImage } from './lxc';
import { OVERRIDES_PATH, testOverrides } from './wizard';

export const IMAGE = process.env['BCM_IMAGE_ALIAS'] ?? 'bcm-debian-bookworm';

/** What a spec that deployed a regtest lnd datacenter through the app's API works with (set in beforeAll). */
export interface DeployedLnd {
  host: RunningHost;
  bridge: WsBridge;
  api: BcmApi;
  page: Page;
}

/**
 * Registers the spec's beforeAll and afterAll: a browser host, the local endpoint, a regtest
 * datacenter of gateway, btcd and lnd (the pre-seeded artifacts and the local Debian image, `extra`
 * added to its spec) deployed through the app's API, and a page; afterwards everything is stopped
 * and the datacenter removed. The returned object is filled in by the beforeAll.
 */
export function useDeployedLnd(name: string, options: { extra?: Partial<DatacenterSpecInput>; viewport: { width: number; height: number } }): DeployedLnd {
  const ctx = {} as DeployedLnd;
  test.beforeAll(async ({ browser }) => {
    test.skip(!existsSync(OVERRIDES_PATH), `needs the pre-seeded btcd and lnd (${OVERRIDES_PATH}): run scripts/build-test-artifacts.sh`);
    test.skip(!hasImage(IMAGE), `needs the local Debian image "${IMAGE}": run scripts/build-debian-image.sh`);
    test.setTimeout(8 * 60_000);
    ctx.host = await startHost();
    Object.assign(ctx, connectApi(await ctx.host.link()));
    await ctx.bridge.ready;
    await ctx.api.invoke('endpoints.addLocal', { name: 'local' });
    await deployThroughApi(ctx.api, regtestLndSpec(name, IMAGE, testOverrides(), options.extra ?? {}));
    ctx.page = await browser.newPage({ viewport: options.viewport });
  });

  test.afterAll(async () => {
    test.setTimeout(3 * 60_000);
    await ctx.page?.close();
    ctx.bridge?.close();
    await ctx.host?.stop();
    removeTestDatacenter(namesFor(name));
  });
  return ctx;
}
