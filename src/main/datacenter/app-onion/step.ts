import { BcmError } from '../../../shared/errors';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import type { LxdClient } from '../../lxd';
import { namesFor } from '../naming';
import type { StepReporter } from '../runner';
import { applyGatewayOnion, withdrawGatewayOnion } from '../remote-access/gateway-onion';
import { appOnionSlot, type AppOnionsContext } from './state';

const PREFIX = 'publish-app-onion:';

/** The `publish-app-onion:<id>` step: install the app onion on the gateway, or withdraw it when the spec no longer publishes it. */
export async function publishAppOnionStep(client: LxdClient, spec: DatacenterSpec, gateway: string, actionId: string, context: AppOnionsContext | undefined, report: StepReporter): Promise<void> {
  if (!context) throw new BcmError('INTERNAL', 'App onions were planned without their settings.');
  const target = { client, project: namesFor(spec.name).project, instance: gateway, report };
  const id = actionId.slice(PREFIX.length);
  const wanted = context.states.get(id);
  if (wanted) return applyGatewayOnion(target, wanted.state, appOnionSlot(wanted.onion));
  const [container = id, port = '0'] = /^(.*)-(\d+)$/.exec(id)?.slice(1) ?? [];
  return withdrawGatewayOnion(target, context.torrc, appOnionSlot({ id, container, port: Number(port) }));
}
