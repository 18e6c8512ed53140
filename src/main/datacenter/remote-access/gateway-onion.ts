import { BcmError } from '../../../shared/errors';
import type { LxdClient } from '../../lxd';
import { MARK } from '../naming';
import { TOR_JOURNAL_COMMAND, parseTorJournal, type GatewayTorState } from '../components/gateway-tor';
import type { StepReporter } from '../runner';
import { GATEWAY_LXD_TARGET, HS_DIR, PROXY_DEVICE, authFile, authFileName, parseHostname, secretKeyFile, type OnionClientEntry } from './onion-files';

/**
 * Effects of remote access on the gateway, all through the LXD API: an LXD proxy device that makes
 * the host's LXD API reachable on the gateway's loopback (nothing new listens on the host), the
 * kept service key and the authorised clients' files in the HiddenServiceDir, the torrc, and a
 * reload of Tor. Idempotent: re-running it converges to the same state.
 */

export const ONION_STEP_KEY = 'onion';
const TOR_UNIT = 'tor@default.service';
const HOSTNAME_WAIT_MS = 30_000;

export interface GatewayOnionState {
  /** "ED25519-V3:<base64>" */
  privateKey: string;
  serviceId: string;
  clients: OnionClientEntry[];
  /** where LXD listens, seen from the host (the proxy device's far end), e.g. 127.0.0.1:8443 */
  connect: string;
  /** the gateway's whole torrc to install */
  torrc: string;
  /** the `user.bcm.step.onion` record for this state */
  record: string;
}

/** Which onion service of the gateway a state is about: its HiddenServiceDir, marker and what it serves. */
export interface GatewayOnionSlot {
  dir: string;
  stepKey: string;
  /** for the log: "port 8443", "lnd REST 8080, gRPC 10009, …" */
  serves: string;
  /** the LXD API's proxy device (remote access only) */
  proxy?: boolean;
}

export const LXD_API_SLOT: GatewayOnionSlot = { dir: HS_DIR, stepKey: ONION_STEP_KEY, serves: 'port 8443', proxy: true };

interface Target {
  client: LxdClient;
  project: string;
  instance: string;
  report?: Pick<StepReporter, 'log' | 'signal'>;
}

/** Every script here may run twice (LXD 5.0 sometimes drops an exec stream of a short command; the client then re-runs it). */
async function sh(t: Target, script: string): Promise<string> {
  const res = await t.client.exec.run(t.instance, ['sh', '-c', script], { project: t.project, idempotent: true, ...(t.report ? { signal: t.report.signal } : {}) });
  const out = `${res.stdout.toString('utf8')}${res.stderr.toString('utf8')}`.trim();
  if (res.exitCode !== 0) {
    for (const line of out.split('\n').slice(-10)) if (line) t.report?.log(line);
    throw new BcmError('LXD_ERROR', `Setting up remote access in ${t.instance} failed (exit ${res.exitCode}): ${out.split('\n').slice(-3).join(' ') || 'no output'}`, { reason: 'onion-gateway' });
  }
  return res.stdout.toString('utf8').trim();
}

async function torIds(t: Target): Promise<{ uid: number; gid: number }> {
  const out = await sh(t, 'id -u debian-tor && id -g debian-tor');
  const [uid, gid] = out.split('\n').map((n) => Number(n.trim()));
  if (uid === undefined || gid === undefined || Number.isNaN(uid) || Number.isNaN(gid)) {
    throw new BcmError('LXD_ERROR', `The gateway ${t.instance} has no debian-tor user: is Tor installed there? Re-apply the datacenter.`);
  }
  return { uid, gid };
}

/** The proxy device's far end: LXD's HTTPS address on the host (loopback when it listens on all). */
export async function ensureProxyDevice(t: Target, connect: string): Promise<void> {
  const inst = await t.client.instances.get(t.instance, { project: t.project });
  const want = { type: 'proxy', listen: `tcp:${GATEWAY_LXD_TARGET}`, connect: `tcp:${connect}`, bind: 'instance' };
  const have = inst.devices?.[PROXY_DEVICE];
  if (have && have.listen === want.listen && have.connect === want.connect && have.bind === want.bind) return;
  t.report?.log(`forwarding ${GATEWAY_LXD_TARGET} in ${t.instance} to LXD at ${connect} on the host`);
  await t.client.instances.patch(t.instance, { devices: { ...(inst.devices ?? {}), [PROXY_DEVICE]: want } }, { project: t.project });
}

/** Writes everything, reloads Tor, checks the published address, and leaves the marker. */
/**
 * `revoking`: Tor is restarted rather than reloaded. A v3 onion's client authorisation lives only in
 * its descriptor's encryption: after a reload the service keeps its introduction points, so a
 * revoked client that still has (or fetches from a directory, before the new upload) the previous
 * descriptor could still connect. A restart picks new introduction points, so the old descriptor
 * leads nowhere. Open connections through the gateway's Tor drop for a few seconds.
 */
export async function applyGatewayOnion(t: Target, state: GatewayOnionState, slot: GatewayOnionSlot = LXD_API_SLOT, options: { revoking?: boolean } = {}): Promise<void> {
  const dir = slot.dir;
  if (slot.proxy) await ensureProxyDevice(t, state.connect);
  const { uid, gid } = await torIds(t);
  const own = { project: t.project, uid, gid, mode: 0o600 };
  await sh(t, `install -d -o ${uid} -g ${gid} -m 0700 ${dir} ${dir}/authorized_clients`);
  t.report?.log(`installing the kept service key for ${state.serviceId}.onion`);
  await t.client.files.push(t.instance, `${dir}/hs_ed25519_secret_key`, secretKeyFile(state.privateKey), own);
  // Tor derives the public key and hostname from the secret key; stale ones from another key would clash.
  await sh(t, `rm -f ${dir}/hs_ed25519_public_key ${dir}/hostname; find ${dir}/authorized_clients -name '*.auth' -type f -delete`);
  for (const c of state.clients) {
    await t.client.files.push(t.instance, `${dir}/authorized_clients/${authFileName(c.name)}`, authFile(c.publicKey), own);
  }
  t.report?.log(`${state.clients.length} authorised client${state.clients.length === 1 ? '' : 's'}`);
  await t.client.files.push(t.instance, '/etc/tor/torrc.bcm-new', state.torrc, { project: t.project, uid: 0, gid: 0, mode: 0o644 });
  await sh(t, '[ -f /etc/tor/torrc.bcm-new ] || exit 0; tor --defaults-torrc /usr/share/tor/tor-service-defaults-torrc -f /etc/tor/torrc.bcm-new --verify-config >/tmp/bcm-torrc-check 2>&1 || { tail -3 /tmp/bcm-torrc-check; exit 1; }; mv /etc/tor/torrc.bcm-new /etc/tor/torrc');
  await sh(t, `systemctl ${options.revoking ? 'restart' : 'reload-or-restart'} ${TOR_UNIT} && systemctl is-active ${TOR_UNIT}`);
  if (state.clients.length > 0) {
    const got = await waitHostname(t, HOSTNAME_WAIT_MS, dir);
    if (!got) {
      throw new BcmError('TIMEOUT', `The gateway's Tor wrote no onion address within ${HOSTNAME_WAIT_MS / 1000} s. Look at its log (journalctl -u ${TOR_UNIT} in ${t.instance}), then re-apply.`, { reason: 'onion-not-published' });
    }
    if (got !== state.serviceId) {
      throw new BcmError('INTERNAL', `The gateway's Tor published ${got}.onion instead of ${state.serviceId}.onion: the kept key was not taken. Re-apply the datacenter.`, { reason: 'onion-mismatch' });
    }
    t.report?.log(`published ${state.serviceId}.onion (${slot.serves})`);
  } else {
    t.report?.log('no client is authorised yet: the onion service stays unpublished until one is added');
  }
  await t.client.instances.patch(t.instance, { config: { [`${MARK.step}${slot.stepKey}`]: state.record } }, { project: t.project });
}

/** Remote access turned off: the service leaves the torrc and the proxy device goes; the key stays in ~/.bcm. */
export async function withdrawGatewayOnion(t: Target, baseTorrc: string, slot: GatewayOnionSlot = LXD_API_SLOT): Promise<void> {
  await t.client.files.push(t.instance, '/etc/tor/torrc', baseTorrc, { project: t.project, uid: 0, gid: 0, mode: 0o644 });
  await sh(t, `rm -rf ${slot.dir}; systemctl reload-or-restart ${TOR_UNIT}`);
  const inst = await t.client.instances.get(t.instance, { project: t.project });
  const devices = { ...(inst.devices ?? {}) };
  const config = { ...(inst.config ?? {}) };
  if (slot.proxy) delete devices[PROXY_DEVICE];
  delete config[`${MARK.step}${slot.stepKey}`];
  await t.client.instances.update(t.instance, { description: inst.description, config, devices, profiles: inst.profiles, ephemeral: inst.ephemeral }, { project: t.project });
  t.report?.log(`onion service withdrawn (${slot.serves})`);
}

/** The gateway's Tor from its journal: bootstrap and whether a descriptor was uploaded since it last (re)loaded. */
export async function readGatewayTor(t: Target): Promise<GatewayTorState> {
  const res = await t.client.exec.run(t.instance, TOR_JOURNAL_COMMAND, { project: t.project, idempotent: true });
  return parseTorJournal(res.exitCode === 0 ? res.stdout.toString('utf8') : '');
}

/** The address the gateway's Tor has written, if any. */
export async function readHostname(t: Target, dir: string = HS_DIR): Promise<string | undefined> {
  const res = await t.client.exec.run(t.instance, ['cat', `${dir}/hostname`], { project: t.project, idempotent: true });
  return res.exitCode === 0 ? parseHostname(res.stdout.toString('utf8')) : undefined;
}

async function waitHostname(t: Target, timeoutMs: number, dir: string): Promise<string | undefined> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const got = await readHostname(t, dir);
    if (got || Date.now() > until || t.report?.signal.aborted) return got;
    await new Promise((r) => setTimeout(r, 500));
  }
}
