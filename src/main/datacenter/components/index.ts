import type { ComponentKind } from '../../../shared/datacenter/spec';
import { BcmError } from '../../../shared/errors';
import type { RecipeFn } from '../recipe';
import { bitcoindRecipe } from './bitcoind';
import { btcdRecipe } from './btcd';
import { clightningRecipe } from './clightning';
import { gatewayRecipe } from './gateway';
import { lndRecipe } from './lnd';
import { kafkaRecipe, kafkaSecretGenerators } from './kafka';
import { withLogShipping } from './logging';
import { secretGenerators as baseSecretGenerators } from './secrets';

/**
 * The service recipes: what each container of a datacenter needs (cloud-init, config files, units,
 * artifacts, volumes, health check, secrets), as pure functions of the spec and the context.
 */
const recipes: Partial<Record<ComponentKind, RecipeFn>> = {
  gateway: gatewayRecipe,
  btcd: btcdRecipe,
  bitcoind: bitcoindRecipe,
  lnd: lndRecipe,
  clightning: clightningRecipe,
  kafka: kafkaRecipe,
};

export const recipeFor: RecipeFn = (spec, container, ctx) => {
  const fn = recipes[container.component];
  if (!fn) {
    throw new BcmError(
      'PRECONDITION_FAILED',
      `BCM cannot deploy ${container.component} yet (its service recipe is not written). Turn ${container.component} off in the datacenter's settings for now.`,
      { component: container.component },
    );
  }
  // the logging pipeline adds its shipper to every container (logging has none of its own)
  return withLogShipping(fn(spec, container, ctx), spec, container, ctx);
};

export type { SecretGenerator } from './secrets';
export const secretGenerators = { ...baseSecretGenerators, ...kafkaSecretGenerators };
export { rpcauth, bitcoinConf, BITCOIND_CHAIN, bitcoindSecret, rpcUsers } from './bitcoind';
export { btcdConf, btcctlConf, BTCD_PORTS, BTCD_SECRETS, BTCD_RPC_USER, BTCD_MINING_ADDRESS } from './btcd';
export { lndConf, LND_NETWORK } from './lnd';
export { clnConf, CLN_NETWORK, CLN_LIBRARIES } from './clightning';
export { torrc, tinyproxyConf } from './gateway';
export { PORTS, USERS, PROXY_ENV_FILE, proxyEnv, noProxy } from './common';
export { serverProperties, kafkaBootstrap, kafkaHealth, kafkaHeapMiB, kafkaNodeId, KAFKA_PORTS, KAFKA_SECRETS, KAFKA_LIBS } from './kafka';
export { logShipperConf, LOG_SHIPPER_UNIT, LOG_SHIPPER_CONF } from './logging';
