import { generateServerCertificate } from '../server-cert';
import { BTCD_SECRETS } from './btcd';
import { generateOnionServiceKey } from '../../tor/keys';
import { WALLET_ONION_SECRET } from '../wallet-onion/files';

/** The wallet-pairing onion service's key (issue 13): made once, so its address never changes. */
const walletOnion: SecretGenerator = () => {
  const { privateKey, serviceId } = generateOnionServiceKey();
  return Promise.resolve({ [WALLET_ONION_SECRET]: JSON.stringify({ privateKey, serviceId }) });
};

/** Makes the value(s) of a secret the first time a datacenter needs it (the shape DatacenterService takes). */
export type SecretGenerator = (datacenter: string, addresses: Record<string, string>) => Promise<Record<string, string>>;

/** btcd's RPC TLS pair: both names come from one generation. */
const btcdTls: SecretGenerator = async (datacenter, addresses) => {
  const ip = addresses.btcd;
  const cert = await generateServerCertificate({
    commonName: `btcd.${datacenter}.bcm`,
    ips: ['127.0.0.1', ...(ip ? [ip] : [])],
    dnsNames: ['btcd', 'localhost'],
  });
  return { [BTCD_SECRETS.cert]: cert.certPem, [BTCD_SECRETS.key]: cert.keyPem };
};

/**
 * Generators for the recipes' secrets that are not plain passwords; every other secret a recipe
 * names (RPC passwords) is a random password, which DatacenterService makes by default.
 */
export const secretGenerators: Record<string, SecretGenerator> = {
  [BTCD_SECRETS.cert]: btcdTls,
  [BTCD_SECRETS.key]: btcdTls,
  [WALLET_ONION_SECRET]: walletOnion,
};
