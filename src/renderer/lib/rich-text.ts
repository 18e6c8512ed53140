/** Messages from main mark commands with backticks: `lxc config trust add`. */
export interface TextSegment {
  text: string;
  code: boolean;
}

export function splitBackticks(message: string): TextSegment[] {
  const parts = message.split('`');
  // an odd count of backticks leaves the last one unmatched: keep it as text
  if (parts.length % 2 === 0) {
    const last = parts.pop() ?? '';
    parts[parts.length - 1] = `${parts[parts.length - 1] ?? ''}\`${last}`;
  }
  return parts.map((text, i) => ({ text, code: i % 2 === 1 })).filter((segment) => segment.text.length > 0);
}
