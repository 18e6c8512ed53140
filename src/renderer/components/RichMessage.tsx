import { Code } from '@mantine/core';
import { Fragment } from 'react';
import { splitBackticks } from '../lib/rich-text';

/** A user-facing message with `commands` shown as inline code. */
export function RichMessage({ text }: { text: string }) {
  return (
    <>
      {splitBackticks(text).map((segment, i) =>
        segment.code ? (
          <Code key={i} fz="0.92em">
            {segment.text}
          </Code>
        ) : (
          <Fragment key={i}>{segment.text}</Fragment>
        ),
      )}
    </>
  );
}
