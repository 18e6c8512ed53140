import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chains, datacenterSpecSchema, lndWalletMode, type DatacenterSpec } from '../../../src/shared/datacenter/spec';
import { containersOf } from '../../../src/shared/datacenter/catalog';
import { recipeFor, rpcauth } from '../../../src/main/datacenter/components';
import { allVariants, contextFor, fileOf, recipesOf, specFor, SECRETS } from './recipe-fixtures';

describe('btcd recipe per chain', () => {
  it.each(chains)('%s: chain flag, RPC over TLS on the internal address and loopback, Tor only off regtest', (chain) => {
    const { btcd } = recipesOf(specFor(chain, 'btcd'));
    const conf = fileOf(btcd!.recipe, '/etc/btcd/btcd.conf');
    const flag = { mainnet: null, testnet: 'testnet=1', signet: 'signet=1', regtest: 'regtest=1' }[chain];
    for (const f of ['testnet=1', 'signet=1', 'regtest=1']) expect(conf.includes(f)).toBe(f === flag);
    const port = { mainnet: 8334, testnet: 18334, signet: 38332, regtest: 18334 }[chain];
    expect(conf).toContain(`rpclisten=10.70.4.10:${port}`);
    expect(conf).toContain(`rpclisten=127.0.0.1:${port}`);
    expect(conf).toContain('rpcpass=btcd-pw');
    expect(conf).toContain('rpccert=/etc/btcd/rpc.cert');
    expect(conf.includes('proxy=10.70.4.2:9050')).toBe(chain !== 'regtest');
    expect(fileOf(btcd!.recipe, '/etc/btcd/btcctl.conf')).toContain(`rpcserver=127.0.0.1:${port}`);
    expect(btcd!.recipe.health.command).toEqual(['/usr/local/bin/btcctl', '--configfile=/etc/btcd/btcctl.conf', 'getblockchaininfo']);
  });

  it('keeps the key private to the service group and the cert public; asks for its three secrets', () => {
    const { btcd } = recipesOf(specFor('regtest', 'btcd'));
    const key = btcd!.recipe.files.find((f) => f.path === '/etc/btcd/rpc.key')!;
    expect(key).toMatchObject({ mode: 0o640, uid: 0, gid: 2101, content: SECRETS['btcd-rpc-key'] });
    expect(btcd!.recipe.files.find((f) => f.path === '/etc/btcd/rpc.cert')).toMatchObject({ mode: 0o644 });
    expect(btcd!.recipe.secrets.sort()).toEqual(['btcd-rpc-cert', 'btcd-rpc-key', 'btcd-rpc-password']);
    expect(btcd!.recipe.volumes).toEqual([{ name: 'data', path: '/var/lib/btcd', uid: 2101, gid: 2101 }]);
    expect(btcd!.recipe.artifacts[0]?.installs.map((i) => i.from)).toEqual(['btcd', 'btcctl']);
  });
});

describe('Bitcoin Core recipe per chain', () => {
  it.each(chains)('%s: chain, section, ports, rpcauth per client, ZMQ for lnd', (chain) => {
    const { bitcoind } = recipesOf(specFor(chain, 'bitcoind', { clightning: true, txindex: true }));
    const conf = fileOf(bitcoind!.recipe, '/etc/bitcoin/bitcoin.conf');
    const [name, section, rpc] = { mainnet: ['main', 'main', 8332], testnet: ['test', 'test', 18332], signet: ['signet', 'signet', 38332], regtest: ['regtest', 'regtest', 18443] }[chain];
    expect(conf).toContain(`chain=${name}\n`);
    expect(conf).toContain(`[${section}]\nrpcport=${rpc}\n`);
    expect(conf).toContain('rpcbind=10.70.4.10');
    expect(conf).toContain('rpcallowip=10.70.4.0/24');
    expect(conf).toContain('txindex=1');
    expect(conf).not.toContain('prune=');
    for (const user of ['bcm', 'lnd', 'clightning']) expect(conf).toContain(`rpcauth=${user}:`);
    expect(conf).not.toContain('lnd-pw'); // passwords never appear in clear
    expect(conf).toContain('zmqpubrawblock=tcp://10.70.4.10:28332');
    expect(conf.includes('proxy=10.70.4.2:9050')).toBe(chain !== 'regtest');
    expect(bitcoind!.recipe.secrets).toEqual(['bitcoind-rpc-password-bcm', 'bitcoind-rpc-password-lnd', 'bitcoind-rpc-password-clightning']);
  });

  it('prunes when asked, and only asks for the RPC accounts its clients need', () => {
    const { bitcoind } = recipesOf(specFor('signet', 'bitcoind', { pruneMiB: 2048 }));
    const conf = fileOf(bitcoind!.recipe, '/etc/bitcoin/bitcoin.conf');
    expect(conf).toContain('prune=2048');
    expect(conf).not.toContain('txindex');
    expect(bitcoind!.recipe.secrets).toEqual(['bitcoind-rpc-password-bcm', 'bitcoind-rpc-password-lnd']);
  });

  it('rpcauth is what Bitcoin Core\'s rpcauth.py computes: HMAC-SHA256 keyed by the salt', () => {
    // python3: hmac.new(b'00112233445566778899aabbccddeeff', b'correct horse', 'SHA256').hexdigest()
    expect(rpcauth('alice', 'correct horse', '00112233445566778899aabbccddeeff')).toBe(
      'alice:00112233445566778899aabbccddeeff$26b9b3d74500792f83e3609dba8e7b357cac39ca6c187dde6aa86ec6cfeae275',
    );
    const [user, rest] = rpcauth('lnd', 'pw').split(':') as [string, string];
    const [salt, hash] = rest.split('$') as [string, string];
    expect(user).toBe('lnd');
    expect(hash).toBe(createHmac('sha256', salt).update('pw').digest('hex'));
    expect(rpcauth('lnd', 'pw')).toBe(rpcauth('lnd', 'pw')); // stable, so a re-plan sees no change
  });
});

describe('lnd recipe', () => {
  it.each(chains)('%s on btcd and on bitcoind: network, backend, REST on the internal address', (chain) => {
    for (const impl of ['btcd', 'bitcoind'] as const) {
      const { lnd } = recipesOf(specFor(chain, impl));
      const conf = fileOf(lnd!.recipe, '/etc/lnd/lnd.conf');
      expect(conf).toContain(`bitcoin.${chain}=1`);
      expect(conf).toContain(`bitcoin.node=${impl}`);
      expect(conf).toContain('restlisten=10.70.4.11:8080');
      expect(conf).toContain('tlsextraip=10.70.4.11');
      expect(conf.includes('noseedbackup=1')).toBe(chain === 'regtest');
      expect(conf.includes('tor.active=1')).toBe(chain !== 'regtest');
      if (impl === 'btcd') {
        expect(conf).toContain(`btcd.rpchost=10.70.4.10:${chain === 'signet' ? 38332 : chain === 'mainnet' ? 8334 : 18334}`);
        expect(conf).toContain('btcd.rpccert=/etc/lnd/btcd-rpc.cert');
        expect(fileOf(lnd!.recipe, '/etc/lnd/btcd-rpc.cert')).toBe(SECRETS['btcd-rpc-cert']);
        expect(lnd!.recipe.secrets.sort()).toEqual(['btcd-rpc-cert', 'btcd-rpc-password']);
      } else {
        expect(conf).toContain('bitcoind.rpcuser=lnd\nbitcoind.rpcpass=lnd-pw');
        expect(conf).toContain('bitcoind.zmqpubrawtx=tcp://10.70.4.10:28333');
        expect(lnd!.recipe.secrets).toEqual(['bitcoind-rpc-password-lnd']);
      }
      const health = lnd!.recipe.health;
      expect(health.command).toContain(`--network=${chain}`);
      expect(health.command).toContain('--lnddir=/var/lib/lnd');
      expect(health.command.at(-1)).toBe(chain === 'regtest' ? 'getinfo' : 'state');
    }
  });
});

describe('lnd wallet mode', () => {
  it("'owner' on regtest takes the mainnet path: no noseedbackup, health waits on `state`; old specs keep their default", () => {
    const owner = datacenterSpecSchema.parse({ ...specFor('regtest', 'btcd'), lightning: { lnd: true, clightning: false, lndWallet: 'owner' } });
    expect(lndWalletMode(owner)).toBe('owner');
    const { lnd } = recipesOf(owner);
    expect(fileOf(lnd!.recipe, '/etc/lnd/lnd.conf')).not.toContain('noseedbackup');
    expect(lnd!.recipe.health.command.at(-1)).toBe('state');
    expect(lndWalletMode(specFor('regtest', 'btcd'))).toBe('managed');
    expect(lndWalletMode(specFor('signet', 'btcd'))).toBe('owner');
  });

  it("'managed' (no seed) is refused off regtest", () => {
    const r = datacenterSpecSchema.safeParse({ ...specFor('mainnet', 'bitcoind'), lightning: { lnd: true, clightning: false, lndWallet: 'managed' } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['lightning', 'lndWallet']);
  });
});

describe('Core Lightning recipe', () => {
  it.each(chains)('%s: network name, bitcoind RPC account, bitcoin-cli from the Bitcoin Core release', (chain) => {
    const { clightning } = recipesOf(specFor(chain, 'bitcoind', { clightning: true }));
    const conf = fileOf(clightning!.recipe, '/etc/lightning/config');
    expect(conf).toContain(`network=${chain === 'mainnet' ? 'bitcoin' : chain}\n`);
    expect(conf).toContain('bitcoin-rpcconnect=10.70.4.10');
    expect(conf).toContain('bitcoin-rpcuser=clightning\nbitcoin-rpcpassword=cln-pw');
    expect(clightning!.recipe.artifacts.map((a) => a.artifact)).toEqual(['core-lightning', 'bitcoin-core']);
    expect(clightning!.recipe.userData).toContain('libsodium23');
    expect(clightning!.recipe.health.command).toContain(`--network=${chain === 'mainnet' ? 'bitcoin' : chain}`);
  });
});

describe('Kafka recipe', () => {
  const withKafka = (artifacts: Record<string, { version: string; sha256: string }> = {}): DatacenterSpec =>
    datacenterSpecSchema.parse({ ...specFor('regtest', 'btcd'), kafka: { enabled: true, brokers: 1 }, artifacts });
  const consumerGroupsTool = (spec: DatacenterSpec): string => {
    const kafka = Object.values(recipesOf(spec)).find((r) => r.recipe.artifacts.some((a) => a.artifact === 'kafka'));
    return fileOf(kafka!.recipe, '/usr/local/bin/kafka-consumer-groups');
  };

  it('names the tools\' classes of the Kafka it installs (the consumer groups command moved to kafka-tools in 3.8)', () => {
    expect(consumerGroupsTool(withKafka())).toContain(' kafka.admin.ConsumerGroupCommand "$@"'); // the pinned 3.7.2
    expect(consumerGroupsTool(withKafka({ kafka: { version: '3.9.1-maven', sha256: '7'.repeat(64) } }))).toContain(
      ' org.apache.kafka.tools.consumer.group.ConsumerGroupCommand "$@"',
    );
  });
});

describe('gateway recipe', () => {
  it('configures Tor (SOCKS for the subnet, control port on loopback with cookie auth) and tinyproxy for the subnet only', () => {
    const { gateway } = recipesOf(specFor('mainnet', 'bitcoind'));
    const ud = gateway!.recipe.userData;
    expect(ud).toContain('SocksPort 10.70.4.2:9050');
    expect(ud).toContain('SocksPolicy accept 10.70.4.0/24');
    expect(ud).toContain('SocksPolicy reject *');
    expect(ud).toContain('ControlPort 127.0.0.1:9051');
    expect(ud).toContain('CookieAuthentication 1');
    expect(ud).toContain('Listen 10.70.4.2');
    expect(ud).toContain('Allow 10.70.4.0/24');
    expect(ud).not.toContain('http_proxy'); // the gateway goes out directly
    expect(ud).toMatch(/Name=eth0[\s\S]*UseRoutes=false/); // no default route through the internal bridge
    expect(gateway!.recipe.health.command).toEqual(['systemctl', 'is-active', 'tor@default.service', 'tinyproxy.service']);
  });
});

describe('every recipe', () => {
  it('sends every container but the gateway out through the gateway\'s proxy, never for internal addresses', () => {
    for (const spec of allVariants()) {
      for (const [name, { recipe }] of Object.entries(recipesOf(spec))) {
        if (name === 'gateway') continue;
        expect(recipe.userData).toContain('https_proxy=http://10.70.4.2:8888');
        expect(recipe.userData).toMatch(/no_proxy=localhost,127\.0\.0\.1,::1,10\.70\.4\.0\/24,/);
        expect(recipe.userData).toContain('http_proxy: http://10.70.4.2:8888'); // apt
        for (const unit of recipe.units) expect(unit.content).toContain('EnvironmentFile=-/etc/bcm/proxy.env');
      }
    }
  });

  it('builds without secrets (the first pass that collects their names) and names every secret it reads', () => {
    for (const spec of allVariants()) {
      for (const c of containersOf(spec)) {
        const bare = recipeFor(spec, c, contextFor(spec, {}));
        const full = recipeFor(spec, c, contextFor(spec));
        const text = JSON.stringify(full.files) + full.userData;
        for (const [name, value] of Object.entries(SECRETS)) {
          if (text.includes(value)) expect(bare.secrets, `${c.name} reads ${name}`).toContain(name);
        }
      }
    }
  });

  it('runs each service as its own account under systemd, restarted on failure', () => {
    const { btcd, lnd } = recipesOf(specFor('regtest', 'btcd'));
    for (const r of [btcd!.recipe, lnd!.recipe]) {
      const unit = r.units[0]!.content;
      expect(unit).toMatch(/^User=(btcd|lnd)$/m);
      expect(unit).toContain('Restart=on-failure');
      expect(unit).toContain('WantedBy=multi-user.target');
    }
  });

  it('refuses components that have no recipe yet, saying what to do', () => {
    const spec = specFor('regtest', 'btcd');
    expect(() => recipeFor(spec, { name: 'logging-01', component: 'logging', size: { cpus: 1, memoryMiB: 256, diskGiB: 1 }, outbound: false }, contextFor(spec))).toThrow(
      expect.objectContaining({ code: 'PRECONDITION_FAILED' }),
    );
  });
});
