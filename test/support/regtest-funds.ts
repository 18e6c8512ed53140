// Funds a Lightning wallet on a regtest btcd datacenter. btcd mines to the P2WSH of OP_TRUE (an
// anyone-can-spend address BCM configures), so a coinbase is spent without a key: btcd's unsigned
// transaction, re-serialised with the segwit marker and the witness [OP_TRUE script]. Shared by the
// lnd wallet and channel tests (block 1's coinbase matures after 100 blocks; segwit on btcd's
// regtest activates by BIP 9 after 3 windows of 144 blocks, so mine 500 first).

/** btcctl inside the datacenter's btcd container, answering its trimmed output */
export type Btcctl = (...args: string[]) => string;

/** Pays `address` (P2PKH or P2SH: btcd's createrawtransaction takes no bech32) from the coinbase of block `height`. */
export function payFromCoinbase(btcctl: Btcctl, height: number, address: string, btc: number): string {
  const block = JSON.parse(btcctl('getblock', btcctl('getblockhash', String(height)))) as { tx: string[] };
  const raw = btcctl('createrawtransaction', JSON.stringify([{ txid: block.tx[0], vout: 0 }]), JSON.stringify({ [address]: btc }));
  const segwit = `${raw.slice(0, 8)}0001${raw.slice(8, -8)}010151${raw.slice(-8)}`;
  return btcctl('sendrawtransaction', segwit);
}
