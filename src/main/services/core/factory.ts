import { BcmError } from '../../../shared/errors';
import type { LightningComponent, NodeComponent } from '../../../shared/services/common';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import type { LightningAdapter } from '../lightning/adapter';
import { ClightningAdapter } from '../lightning/clightning';
import { LndAdapter } from '../lightning/lnd';
import type { NodeAdapter } from '../node/adapter';
import { BitcoindAdapter } from '../node/bitcoind';
import { BtcdAdapter } from '../node/btcd';
import type { ServiceContext } from './context';

/** The spec's Bitcoin node component. */
export const nodeComponentOf = (spec: DatacenterSpec): NodeComponent => spec.bitcoin.implementation;

export function lightningEnabled(spec: DatacenterSpec, component: LightningComponent): boolean {
  return component === 'lnd' ? spec.lightning.lnd : spec.lightning.clightning;
}

/** Picks the node adapter by the catalog component the spec chose. */
export async function createNodeAdapter(ctx: ServiceContext): Promise<NodeAdapter> {
  switch (nodeComponentOf(ctx.spec)) {
    case 'btcd':
      return BtcdAdapter.create(ctx);
    case 'bitcoind':
      return new BitcoindAdapter(ctx);
  }
}

export async function createLightningAdapter(ctx: ServiceContext, component: LightningComponent): Promise<LightningAdapter> {
  if (!lightningEnabled(ctx.spec, component)) {
    throw new BcmError('NOT_FOUND', `The datacenter ${ctx.datacenter} has no ${component === 'lnd' ? 'LND' : 'Core Lightning'} node. Turn it on in the datacenter's settings and re-apply.`);
  }
  switch (component) {
    case 'lnd':
      return LndAdapter.create(ctx);
    case 'clightning':
      return new ClightningAdapter(ctx);
  }
}
