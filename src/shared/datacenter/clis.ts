import { builtinDataPath, builtinPort } from '../apps/builtins';
import type { Chain, ComponentKind } from './spec';

/**
 * Each service's command-line tool with the flags its recipe configures (config file, data folder,
 * network, RPC address): one source for the recipes' health checks and for the terminal buttons on
 * the dashboards, where the tool is an alias so the owner types `lncli getinfo`. Pure.
 */
export interface ServiceCli {
  /** the alias the owner types, e.g. "lncli" */
  tool: string;
  /** the full command the alias stands for */
  command: string[];
  /** a first command to try, printed in the banner */
  example: string;
}

export const LND_NETWORK: Record<Chain, string> = { mainnet: 'mainnet', testnet: 'testnet', signet: 'signet', regtest: 'regtest' };
export const CLN_NETWORK: Record<Chain, string> = { mainnet: 'bitcoin', testnet: 'testnet', signet: 'signet', regtest: 'regtest' };

export const CLI_PATHS = {
  btcctlConf: '/etc/btcd/btcctl.conf',
  bitcoinConf: '/etc/bitcoin/bitcoin.conf',
  bitcoindHome: builtinDataPath('bitcoind'),
  lndHome: builtinDataPath('lnd'),
  lndGrpcPort: builtinPort('lnd', 'grpc', 'mainnet'),
  lightningHome: builtinDataPath('clightning'),
  kafkaBin: '/usr/local/bin',
  kafkaPort: builtinPort('kafka', 'broker', 'mainnet'),
} as const;

export function serviceCli(component: ComponentKind, chain: Chain): ServiceCli | undefined {
  switch (component) {
    case 'btcd':
      return { tool: 'btcctl', command: ['/usr/local/bin/btcctl', `--configfile=${CLI_PATHS.btcctlConf}`], example: 'btcctl getblockchaininfo' };
    case 'bitcoind':
      return { tool: 'bitcoin-cli', command: ['/usr/local/bin/bitcoin-cli', `-conf=${CLI_PATHS.bitcoinConf}`, `-datadir=${CLI_PATHS.bitcoindHome}`], example: 'bitcoin-cli getblockchaininfo' };
    case 'lnd':
      return {
        tool: 'lncli',
        command: ['/usr/local/bin/lncli', `--lnddir=${CLI_PATHS.lndHome}`, `--network=${LND_NETWORK[chain]}`, `--rpcserver=127.0.0.1:${CLI_PATHS.lndGrpcPort}`],
        example: 'lncli getinfo',
      };
    case 'clightning':
      return { tool: 'lightning-cli', command: ['/usr/local/bin/lightning-cli', `--lightning-dir=${CLI_PATHS.lightningHome}`, `--network=${CLN_NETWORK[chain]}`], example: 'lightning-cli getinfo' };
    case 'kafka':
      return {
        tool: 'kafka-topics',
        command: [`${CLI_PATHS.kafkaBin}/kafka-topics`, '--bootstrap-server', `127.0.0.1:${CLI_PATHS.kafkaPort}`],
        example: 'kafka-topics --list',
      };
    default:
      return undefined;
  }
}

/** A shell-quoted command line, for an alias. */
export function shellLine(words: readonly string[]): string {
  return words.map((w) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}
