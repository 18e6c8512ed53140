// FAKE multipass: a STAND-IN for Canonical's `multipass` CLI, for tests only. Multipass is
// distributed only as a snap and cannot be installed on the test machines.
//
// It implements the commands BCM's driver uses (version, list, info, launch, start, stop, delete,
// purge, exec) with the documented `--format json` shapes (multipass's json_formatter.cpp), its
// error texts ("launch failed: instance "x" already exists", "cannot connect to the multipass
// socket", "Timed out waiting for instance launch.", "KVM support is not enabled on this
// machine.", "Available disk (…) below minimum for this image (…)"), exit codes (2 for a failed
// command, 5 for a timeout) and realistic timings. There is no VM: a launched "VM" answers with
// the address of the REAL test LXD daemon (127.0.0.1), and its "first boot" makes a REAL
// one-time trust token on that daemon with the `lxc config trust add --name …` command found in
// the VM's cloud-init, so BCM's enrolment is tested against real LXD.
//
// State: $BCM_FAKE_MULTIPASS_HOME (default: <tmp>/bcm-fake-multipass-<uid>): state.json (the
// VMs), host.json (what the host is like; tests write it), tokens/<vm>, logs/<vm>.
//   host.json: { daemon: "running"|"stopped", kvm: true, freeDiskBytes, memoryBytes,
//                timeScale: 1, bootSeconds: 3, cloudInit: "ok"|"fail", ipv4: "127.0.0.1",
//                lxc: "lxc", version: "1.14.1" }

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

const HOME = process.env.BCM_FAKE_MULTIPASS_HOME || join(tmpdir(), `bcm-fake-multipass-${process.getuid?.() ?? 0}`);
const IMAGE_BYTES = 620 * 2 ** 20;
const TOKEN_PATH = '/var/lib/bcm/trust-token';
const RELEASES = {
  lts: ['24.04 LTS', 'Ubuntu 24.04.1 LTS'],
  default: ['24.04 LTS', 'Ubuntu 24.04.1 LTS'],
  noble: ['24.04 LTS', 'Ubuntu 24.04.1 LTS'],
  '24.04': ['24.04 LTS', 'Ubuntu 24.04.1 LTS'],
  jammy: ['22.04 LTS', 'Ubuntu 22.04.5 LTS'],
  '22.04': ['22.04 LTS', 'Ubuntu 22.04.5 LTS'],
};

class Exit extends Error {
  constructor(code, stderr = '', stdout = '') {
    super(stderr);
    this.code = code;
    this.stderr = stderr;
    this.stdout = stdout;
  }
}

const fail = (command, message) => new Exit(2, `${command} failed: ${message}\n`);

function readJson(path, fallback) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return fallback;
  }
}

function writeJson(path, value) {
  mkdirSync(HOME, { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(16).slice(2)}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2));
  renameSync(tmp, path);
}

function host() {
  return {
    daemon: 'running',
    kvm: true,
    freeDiskBytes: 200 * 2 ** 30,
    memoryBytes: totalmem(),
    timeScale: 1,
    bootSeconds: 3,
    cloudInit: 'ok',
    ipv4: '127.0.0.1',
    lxc: 'lxc',
    version: '1.14.1',
    ...readJson(join(HOME, 'host.json'), {}),
  };
}

const statePath = () => join(HOME, 'state.json');
const loadState = () => readJson(statePath(), { instances: {}, images: [] });
/** read-modify-write of the "daemon's" state (atomic rename; one launch at a time per VM) */
function update(change) {
  const state = loadState();
  change(state);
  writeJson(statePath(), state);
  return state;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** host.json's timeScale: 1 = realistic, 0.1 = ten times faster, 0 = no delays */
const scaleOf = (h) => (Number.isFinite(Number(h.timeScale)) ? Number(h.timeScale) : 1);

function parseSize(text, what) {
  const m = /^(\d+)([KMG])?B?$/i.exec(String(text));
  if (!m) throw new Exit(2, `launch failed: Invalid ${what} size value supplied: ${text}.\n`);
  const unit = { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 }[(m[2] ?? '').toUpperCase()] ?? 1;
  return Number(m[1]) * unit;
}

function options(args, spec) {
  const out = { _: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out['--'] = args.slice(i + 1);
      break;
    }
    const key = spec[a];
    if (key === undefined) {
      if (a.startsWith('-')) throw new Exit(1, `Unknown option '${a.replace(/^-+/, '')}'.\n`);
      out._.push(a);
    } else if (key.flag) out[key.name] = true;
    else out[key.name] = args[++i];
  }
  return out;
}

function lxc(h, ...args) {
  return execFileSync(h.lxc, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
}

// ── commands ──────────────────────────────────────────────────────────────────────────────────

function version(args, h) {
  const o = options(args, { '--format': { name: 'format' } });
  const daemon = h.daemon === 'running';
  if (o.format === 'json') return JSON.stringify(daemon ? { multipass: h.version, multipassd: h.version } : { multipass: h.version }, null, 4) + '\n';
  return `multipass   ${h.version}\n${daemon ? `multipassd  ${h.version}\n` : ''}`;
}

function listCmd(args) {
  options(args, { '--format': { name: 'format' } });
  const list = Object.values(loadState().instances)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((i) => ({ ipv4: i.state === 'Running' ? [i.ipv4] : [], name: i.name, release: i.state === 'Deleted' ? 'Not Available' : i.release, state: i.state }));
  return JSON.stringify({ list }, null, 4) + '\n';
}

function infoCmd(args) {
  const o = options(args, { '--format': { name: 'format' } });
  const state = loadState();
  const missing = o._.filter((n) => !state.instances[n]);
  if (missing.length) throw fail('info', `The following errors occurred:\n${missing.map((n) => `instance "${n}" does not exist`).join('\n')}`);
  const info = {};
  for (const name of o._) {
    const i = state.instances[name];
    const running = i.state === 'Running';
    info[name] = {
      cpu_count: running ? String(i.cpus) : '',
      disks: { sda1: running ? { total: String(i.diskBytes), used: String(2_147_000_000 + (i.name.length % 7) * 12_345_678) } : {} },
      image_hash: i.imageHash,
      image_release: i.imageRelease,
      ipv4: running ? [i.ipv4] : [],
      load: running ? [0.12, 0.08, 0.02] : [],
      memory: running ? { total: i.memoryBytes - 200 * 2 ** 20, used: 412_000_000 } : {},
      mounts: {},
      release: running ? i.release : '',
      snapshot_count: '0',
      state: i.state,
    };
  }
  return JSON.stringify({ errors: [], info }, null, 4) + '\n';
}

function readCloudInit(path) {
  let text;
  if (path === '-') text = readFileSync(0, 'utf8');
  else {
    if (!existsSync(path)) throw new Exit(1, `error: No such file: ${path}\n`);
    text = readFileSync(path, 'utf8');
  }
  try {
    parseYaml(text);
  } catch (err) {
    throw new Exit(1, `error loading cloud-init config: ${err.message.split('\n')[0]}\n`);
  }
  return text;
}

/** What the VM's first boot would do with this user-data: make the token (real LXD) or fail. */
function firstBoot(h, vm, cloudInit) {
  const started = new Date().toISOString();
  const log = [
    `Cloud-init v. 24.1.3-0ubuntu3.3 running 'init-local' at ${started}. Up 4.21 seconds.`,
    `Cloud-init v. 24.1.3-0ubuntu3.3 running 'modules:config' at ${started}. Up 9.87 seconds.`,
    'lxd (5.21.2-2f4ba6b) from Canonical** installed',
  ];
  const trust = /lxc config trust add --name '?([A-Za-z0-9._-]+)'?/.exec(cloudInit);
  if (h.cloudInit === 'fail') {
    log.push(
      'E: Failed to fetch http://archive.ubuntu.com/ubuntu/pool/universe/t/tor/tor_0.4.8.10-1build2_amd64.deb  Temporary failure resolving \'archive.ubuntu.com\'',
      "E: Unable to fetch some archives, maybe run apt-get update or try with --fix-missing?",
      `${started} - cc_package_update_upgrade_install.py[WARNING]: Failed to install packages: ['tor']`,
      `${started} - util.py[WARNING]: Running module package_update_upgrade_install (<module 'cloudinit.config.cc_package_update_upgrade_install'>) failed`,
      `Cloud-init v. 24.1.3-0ubuntu3.3 finished at ${started}. Datasource DataSourceNoCloud [seed=/dev/sr0].  Up 96.40 seconds`,
    );
    return { status: 'error', errors: ["('package_update_upgrade_install', RuntimeError(\"Failed to install packages: ['tor']\"))"], log };
  }
  if (!trust) {
    log.push(`${started} - cc_scripts_user.py[WARNING]: Failed to run module scripts_user (scripts in /var/lib/cloud/instance/scripts)`);
    return { status: 'error', errors: ["('scripts_user', RuntimeError('Runparts: 1 failures (runcmd) in 1 attempted commands'))"], log };
  }
  const out = lxc(h, 'config', 'trust', 'add', '--name', trust[1]);
  mkdirSync(join(HOME, 'tokens'), { recursive: true });
  writeFileSync(join(HOME, 'tokens', vm), out, { mode: 0o600 });
  log.push(`Bitcoin Cache Machine VM ${vm} is set up after 88.52 seconds.`);
  return { status: 'done', errors: [], log, tokenName: trust[1] };
}

async function launch(args, h, out) {
  const o = options(args, {
    '--name': { name: 'name' }, '-n': { name: 'name' },
    '--cpus': { name: 'cpus' }, '-c': { name: 'cpus' },
    '--memory': { name: 'memory' }, '--mem': { name: 'memory' }, '-m': { name: 'memory' },
    '--disk': { name: 'disk' }, '-d': { name: 'disk' },
    '--cloud-init': { name: 'cloudInit' }, '--timeout': { name: 'timeout' },
  });
  const name = o.name ?? 'primary';
  const image = o._[0] ?? 'default';
  const timeout = o.timeout === undefined ? Infinity : Number(o.timeout);
  if (!Number.isInteger(timeout) && timeout !== Infinity) throw new Exit(1, 'error: --timeout value has to be a positive integer\n');
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name)) throw fail('launch', `Invalid instance name supplied: ${name}`);
  const cpus = Number(o.cpus ?? 1);
  const memoryBytes = parseSize(o.memory ?? '1G', 'memory');
  const diskBytes = parseSize(o.disk ?? '5G', 'disk');
  const cloudInit = o.cloudInit ? readCloudInit(o.cloudInit) : '';
  if (!RELEASES[image]) throw fail('launch', `Unable to find an image matching "${image}" in remote "release".`);
  if (loadState().instances[name]) throw fail('launch', `instance "${name}" already exists`);
  if (!h.kvm) {
    throw fail('launch', "KVM support is not enabled on this machine.\nPlease ensure the following:\n1. The system's CPU supports virtualization.\n2. Virtualization is enabled in the system BIOS.\n3. The KVM kernel modules are loaded.");
  }
  if (h.freeDiskBytes < IMAGE_BYTES) throw fail('launch', `Available disk (${h.freeDiskBytes} bytes) below minimum for this image (${IMAGE_BYTES} bytes)`);

  const t0 = Date.now();
  const scale = scaleOf(h);
  const wait = async (ms) => {
    await sleep(ms * scale);
    if ((Date.now() - t0) / 1000 > timeout) throw new Exit(5, 'Timed out waiting for instance launch.\n');
  };
  const [imageRelease, release] = RELEASES[image];
  if (!loadState().images.includes(imageRelease)) {
    for (let p = 0; p <= 100; p += 5) {
      out(`\rRetrieving image: ${p}%`);
      await wait(60);
    }
    out('Verifying image: ');
    await wait(200);
    update((s) => s.images.push(imageRelease));
  }
  out(`Creating ${name}`);
  update((s) => {
    s.instances[name] = {
      name, state: 'Starting', cpus, memoryBytes, diskBytes, ipv4: h.ipv4, image, imageRelease, release,
      imageHash: 'b52d0fbf1e9d', createdAt: new Date().toISOString(), cloudInit: null, tokenName: null,
    };
  });
  await wait(400);
  out(`Configuring ${name}`);
  await wait(200);
  out(`Starting ${name}`);
  await wait(600);
  if (memoryBytes > h.memoryBytes) {
    update((s) => (s.instances[name].state = 'Stopped'));
    throw fail('launch', `qemu-system-x86_64: cannot set up guest memory 'pc.ram': Cannot allocate memory`);
  }
  out('Waiting for initialization to complete');
  const bootMs = Number(h.bootSeconds) * 1000;
  for (let waited = 0; waited < bootMs; waited += 250) await wait(250);
  const boot = firstBoot(h, name, cloudInit);
  update((s) => {
    const i = s.instances[name];
    i.state = 'Running';
    i.cloudInit = { status: boot.status, errors: boot.errors };
    i.tokenName = boot.tokenName ?? null;
  });
  mkdirSync(join(HOME, 'logs'), { recursive: true });
  writeFileSync(join(HOME, 'logs', name), boot.log.join('\n') + '\n');
  out(`Launched: ${name}\n`);
  return '';
}

function instance(command, name) {
  const i = loadState().instances[name];
  if (!i) throw fail(command, `instance "${name}" does not exist`);
  if (i.state === 'Deleted') throw fail(command, `instance "${name}" is deleted`);
  return i;
}

async function setState(command, args, h) {
  const o = options(args, { '--all': { name: 'all', flag: true } });
  for (const name of o._) instance(command, name);
  await sleep(700 * scaleOf(h));
  update((s) => {
    for (const name of o._) s.instances[name].state = command === 'start' ? 'Running' : 'Stopped';
  });
  return '';
}

/** The VM is gone, and with it its LXD's trust list and pending tokens (here: on the real test LXD). */
function forgetTrust(h, i) {
  if (!i.tokenName) return;
  try {
    lxc(h, 'config', 'trust', 'revoke-token', i.tokenName);
  } catch {
    // redeemed or revoked already
  }
  try {
    const certs = JSON.parse(lxc(h, 'query', '/1.0/certificates?recursion=1'));
    for (const c of certs) if (c.name === i.tokenName) lxc(h, 'config', 'trust', 'remove', c.fingerprint);
  } catch {
    // nothing trusted under that name
  }
}

function removeFiles(name) {
  rmSync(join(HOME, 'tokens', name), { force: true });
  rmSync(join(HOME, 'logs', name), { force: true });
}

function deleteCmd(args, h) {
  const o = options(args, { '--purge': { name: 'purge', flag: true }, '-p': { name: 'purge', flag: true }, '--all': { name: 'all', flag: true } });
  const state = loadState();
  const missing = o._.filter((n) => !state.instances[n]);
  if (missing.length) throw fail('delete', `The following errors occurred:\n${missing.map((n) => `instance "${n}" does not exist`).join('\n')}`);
  update((s) => {
    for (const name of o._) {
      const i = s.instances[name];
      if (o.purge) {
        forgetTrust(h, i);
        removeFiles(name);
        delete s.instances[name];
      } else i.state = 'Deleted';
    }
  });
  return '';
}

function purgeCmd(_args, h) {
  update((s) => {
    for (const i of Object.values(s.instances)) {
      if (i.state !== 'Deleted') continue;
      forgetTrust(h, i);
      removeFiles(i.name);
      delete s.instances[i.name];
    }
  });
  return '';
}

function execCmd(args) {
  const o = options(args, {});
  const name = o._[0];
  const argv = o['--'] ?? o._.slice(1);
  const i = instance('exec', name);
  if (i.state !== 'Running') throw fail('exec', `instance "${name}" is not running`);
  const cmd = argv[0] === 'sudo' ? argv.slice(1) : argv;
  const line = cmd.join(' ');
  if (cmd[0] === 'cloud-init' && cmd[1] === 'status') {
    const ci = i.cloudInit ?? { status: 'running', errors: [] };
    const body = {
      boot_status_code: 'enabled-by-generator',
      datasource: 'nocloud',
      detail: 'DataSourceNoCloud [seed=/dev/sr0]',
      errors: ci.errors,
      extended_status: ci.status,
      last_update: new Date().toUTCString(),
      recoverable_errors: {},
      status: ci.status,
    };
    const text = cmd.includes('json') ? JSON.stringify(body, null, 1) + '\n' : `status: ${ci.status}\n`;
    if (ci.status === 'error') throw new Exit(1, '', text);
    return text;
  }
  if (line === `cat ${TOKEN_PATH}`) {
    const file = join(HOME, 'tokens', name);
    if (argv[0] !== 'sudo') throw new Exit(1, `cat: ${TOKEN_PATH}: Permission denied\n`);
    if (!existsSync(file)) throw new Exit(1, `cat: ${TOKEN_PATH}: No such file or directory\n`);
    return readFileSync(file, 'utf8');
  }
  if (line === `rm -f ${TOKEN_PATH}`) {
    rmSync(join(HOME, 'tokens', name), { force: true });
    return '';
  }
  const tail = /^tail -n (\d+) \/var\/log\/cloud-init-output\.log$/.exec(line);
  if (tail) {
    const log = existsSync(join(HOME, 'logs', name)) ? readFileSync(join(HOME, 'logs', name), 'utf8') : '';
    return log.split('\n').slice(-Number(tail[1]) - 1).join('\n');
  }
  throw new Exit(127, `${cmd[0] ?? ''}: command not found (this FAKE multipass answers only the commands BCM runs)\n`);
}

const commands = { launch, start: (a, h) => setState('start', a, h), stop: (a, h) => setState('stop', a, h), delete: deleteCmd, purge: purgeCmd, list: listCmd, ls: listCmd, info: infoCmd, exec: execCmd };

export async function main(argv) {
  const [command, ...args] = argv;
  const h = host();
  const out = (text) => process.stdout.write(text);
  try {
    if (command === 'version') return out(version(args, h));
    const run = commands[command];
    if (!run) throw new Exit(1, `Unknown command: '${command ?? ''}'\n`);
    if (h.daemon !== 'running') throw fail(command === 'ls' ? 'list' : command, 'cannot connect to the multipass socket');
    out(await run(args, h, out));
  } catch (err) {
    if (!(err instanceof Exit)) throw err;
    if (err.stdout) process.stdout.write(err.stdout);
    if (err.stderr) process.stderr.write(err.stderr);
    process.exitCode = err.code;
  }
}
