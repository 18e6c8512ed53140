import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { BcmError } from '../../../shared/errors';
import type { Invoice } from '../../../shared/services/lightning';
import { CLN_NETWORK, USERS } from '../../datacenter/components/index';
import type { ServiceContext } from '../core/context';
import { UnixJsonRpc } from '../transport/unix-json-rpc';
import type { InvoiceRequest, LightningAdapter, LightningReadings } from './adapter';
import { clnBackup, clnBalances, clnChannels, clnInfo, clnInvoice, clnPeers } from './clightning-parse';

/** Core Lightning over its JSON-RPC socket (`<lightning-dir>/<network>/lightning-rpc`) through an exec tunnel. */
export class ClightningAdapter implements LightningAdapter {
  readonly component = 'clightning' as const;
  readonly rpc: UnixJsonRpc;

  constructor(ctx: ServiceContext, rpc?: UnixJsonRpc) {
    this.rpc =
      rpc ??
      new UnixJsonRpc({
        core: ctx.client,
        project: ctx.project,
        instance: 'clightning',
        socket: `${USERS.clightning.home}/${CLN_NETWORK[ctx.spec.chain]}/lightning-rpc`,
        label: "Core Lightning's RPC",
      });
  }

  async read(signal?: AbortSignal): Promise<LightningReadings> {
    const [info, funds, peers, backup] = await this.rpc.batch(
      [
        { method: 'getinfo', params: {} },
        { method: 'listfunds', params: {} },
        { method: 'listpeers', params: {} },
        { method: 'staticbackup', params: {} },
      ],
      10_000,
      signal,
    );
    return {
      // lightningd has no wallet lock: its hsm_secret is read at start
      wallet: { state: 'unlocked', detail: 'hsm_secret' },
      info: clnInfo(info),
      balances: clnBalances(funds),
      channels: clnChannels(funds),
      peers: clnPeers(peers),
      backup: clnBackup(backup),
    };
  }

  async newAddress(signal?: AbortSignal): Promise<string> {
    const result = await this.rpc.call('newaddr', { addresstype: 'bech32' }, 10_000, signal);
    const parsed = z.object({ bech32: z.string() }).safeParse(result);
    if (!parsed.success) throw new BcmError('INTERNAL', 'Core Lightning answered newaddr without a bech32 address.');
    return parsed.data.bech32;
  }

  async invoice(request: InvoiceRequest, signal?: AbortSignal): Promise<Invoice> {
    const result = await this.rpc.call(
      'invoice',
      {
        amount_msat: request.amountSat === 0 ? 'any' : request.amountSat * 1000,
        label: `bcm-${Date.now()}-${randomBytes(4).toString('hex')}`,
        description: request.memo || 'Bitcoin Cache Machine',
        expiry: request.expirySeconds,
      },
      10_000,
      signal,
    );
    return clnInvoice(result, request.amountSat, request.memo);
  }

  close(): void {
    // one connection per read: nothing is kept open
  }
}
