import { BcmError } from '../../../shared/errors';
import type { DatacenterSpec } from '../../../shared/datacenter/spec';
import type { LxdClient } from '../../lxd';
import { namesFor } from '../naming';
import type { StepReporter } from '../runner';
import { applyGatewayOnion, withdrawGatewayOnion } from './gateway-onion';
import { NOT_LISTENING, type RemoteAccessContext } from './state';

/** The `publish-onion` step: publish (remote access on) or withdraw (off) on the gateway. */
export async function publishOnionStep(client: LxdClient, spec: DatacenterSpec, gateway: string, context: RemoteAccessContext | undefined, report: StepReporter): Promise<void> {
  const target = { client, project: namesFor(spec.name).project, instance: gateway, report };
  if (!context) throw new BcmError('INTERNAL', 'Remote access was planned without its settings.');
  if (!spec.remoteAccess) return withdrawGatewayOnion(target, context.baseTorrc);
  if (!context.state) throw new BcmError('PRECONDITION_FAILED', context.plan.blocker ?? NOT_LISTENING, { reason: 'lxd-no-https' });
  return applyGatewayOnion(target, context.state);
}
