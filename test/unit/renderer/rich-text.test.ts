import { describe, expect, it } from 'vitest';
import { splitBackticks } from '../../../src/renderer/lib/rich-text';

describe('splitBackticks', () => {
  it('marks commands', () => {
    expect(splitBackticks('Run `lxc info` on the server.')).toEqual([
      { text: 'Run ', code: false },
      { text: 'lxc info', code: true },
      { text: ' on the server.', code: false },
    ]);
  });
  it('leaves plain text and unmatched backticks alone', () => {
    expect(splitBackticks('plain')).toEqual([{ text: 'plain', code: false }]);
    expect(splitBackticks('a `b')).toEqual([{ text: 'a `b', code: false }]);
    expect(splitBackticks('`x` and `y')).toEqual([
      { text: 'x', code: true },
      { text: ' and `y', code: false },
    ]);
  });
});
