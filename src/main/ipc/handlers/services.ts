import type { serviceEventChannels, serviceInvokeChannels } from '../../../shared/channels/services';
import type { ServicesService } from '../../services/core/service';
import type { EventSources, Handlers } from '../router';

export interface ServiceDeps {
  services: ServicesService;
}

type Channel = keyof typeof serviceInvokeChannels;
type Event = keyof typeof serviceEventChannels;

/** Binds the node and Lightning channels to the services. Thin: no logic here. */
export function serviceHandlers({ services }: ServiceDeps): Pick<Handlers, Channel> {
  return {
    'services.node': ({ datacenter }) => services.node(datacenter),
    'services.node.mine': ({ datacenter, blocks }) => services.mine(datacenter, blocks),
    'services.lightning': ({ datacenter, component }) => services.lightning(datacenter, component),
    'services.lightning.invoice': ({ datacenter, component, amountSat, memo, expirySeconds }) => services.invoice(datacenter, component, { amountSat, memo, expirySeconds }),
    'services.lightning.connect': ({ datacenter }) => services.connect(datacenter),
    'services.lightning.unlock': async ({ datacenter, password, autoUnlock }) => {
      await services.wallet.unlock(datacenter, password, autoUnlock);
      return { unlocked: true as const };
    },
    'services.lightning.wallet': async ({ datacenter }) => services.wallet.setup(datacenter, (await services.lightning(datacenter, 'lnd')).wallet),
    'services.lightning.genseed': async ({ datacenter, seedPassphrase }) => ({ words: await services.wallet.genSeed(datacenter, seedPassphrase) }),
    'services.lightning.initwallet': async ({ datacenter, component: _c, ...input }) => ({ created: true as const, ...(await services.wallet.initWallet(datacenter, input)) }),
    'services.lightning.autounlock.off': async ({ datacenter }) => {
      await services.wallet.autoUnlockOff(datacenter);
      return { autoUnlock: false as const };
    },
  };
}

export function serviceEventSources({ services }: ServiceDeps): Pick<EventSources, Event> {
  return {
    'services.events': ({ datacenter }, emit) => services.subscribe(datacenter, emit),
  };
}
