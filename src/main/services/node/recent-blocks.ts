import { BcmError } from '../../../shared/errors';
import type { Section } from '../../../shared/services/common';
import type { RecentBlock } from '../../../shared/services/node';
import { errorSection, okSection, parseWith } from '../core/section';
import type { BitcoinRpc } from '../transport/json-rpc';
import { blockSchema, recentHeights, toRecentBlock, type BlockCache } from './normalise';

/**
 * The newest `count` blocks: one batch for their hashes, one for the blocks not read before
 * (blocks are cached by hash, so a refresh with no new block reads only the hashes).
 */
export async function readRecentBlocks(rpc: BitcoinRpc, cache: BlockCache, tip: number, count: number, signal?: AbortSignal): Promise<Section<RecentBlock[]>> {
  try {
    const heights = recentHeights(tip, count);
    const hashes = await rpc.batch(heights.map((h) => ({ method: 'getblockhash', params: [h] })), 8_000, signal);
    const hashList = hashes.map((o) => {
      if (!o.ok) throw o.error;
      if (typeof o.result !== 'string') throw new BcmError('INTERNAL', `${rpc.label} answered getblockhash without a hash.`);
      return o.result;
    });
    const missing = hashList.filter((h) => !cache.get(h));
    if (missing.length) {
      const blocks = await rpc.batch(missing.map((h) => ({ method: 'getblock', params: [h, 1] })), 15_000, signal);
      blocks.forEach((o, i) => {
        if (!o.ok) throw o.error;
        const parsed = parseWith(rpc.label, 'getblock', blockSchema, o.result, toRecentBlock);
        if (!parsed.ok) throw new BcmError(parsed.error.code, parsed.error.message);
        if (parsed.value.hash !== missing[i]) throw new BcmError('INTERNAL', `${rpc.label} answered getblock with another block.`);
        cache.put(parsed.value);
      });
    }
    return okSection(hashList.map((h) => cache.get(h)).filter((b): b is RecentBlock => b !== undefined));
  } catch (err) {
    return errorSection(err);
  }
}
