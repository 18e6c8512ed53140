import { startHost } from './support/host';

/**
 * Starts the browser host with a throwaway ~/.bcm, hands its URL to the tests in BCM_E2E_URL
 * (and the home in BCM_E2E_HOME), and stops it afterwards.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const host = await startHost();
  process.env['BCM_E2E_URL'] = host.url;
  process.env['BCM_E2E_HOME'] = host.home;
  return host.stop;
}
