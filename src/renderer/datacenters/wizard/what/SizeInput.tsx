import { TextInput } from '@mantine/core';
import { useState } from 'react';
import { parseSizeInput, sizeText, type SizeField } from '../../lib/size-input';

interface Props {
  field: SizeField;
  value: number;
  defaultValue: number;
  ariaLabel: string;
  /** an error from the spec's own validation, shown when the text itself is fine */
  specError?: string | undefined;
  width: number;
  onValue(value: number): void;
}

/**
 * A size typed as people write sizes ("2 GiB", "512 MiB", "1 TiB"). What was typed stays in the
 * field until it is read: a valid size goes into the spec; anything else says what is wrong and
 * leaves the spec as it was.
 */
export function SizeInput({ field, value, defaultValue, ariaLabel, specError, width, onValue }: Props) {
  // what is typed, its problem, and the spec value it was last in step with
  const [draft, setDraft] = useState(() => ({ text: sizeText(value, field.unit), problem: undefined as string | undefined, value }));
  let current = draft;
  if (draft.value !== value) {
    // the spec changed elsewhere (reset to defaults): show its value unless the text already says it
    const read = parseSizeInput(draft.text, field);
    current = { text: read.ok && read.value === value ? draft.text : sizeText(value, field.unit), problem: undefined, value };
    setDraft(current);
  }
  return (
    <TextInput
      size="xs"
      w={width}
      value={current.text}
      aria-label={ariaLabel}
      description={value !== defaultValue ? `default ${sizeText(defaultValue, field.unit)}` : undefined}
      inputWrapperOrder={['input', 'description', 'error']}
      error={current.problem ?? specError}
      onChange={(e) => {
        const text = e.currentTarget.value;
        const read = parseSizeInput(text, field);
        setDraft({ text, problem: read.ok ? undefined : read.message, value: read.ok ? read.value : value });
        if (read.ok && read.value !== value) onValue(read.value);
      }}
      onBlur={() => {
        const read = parseSizeInput(current.text, field);
        if (read.ok) setDraft({ text: sizeText(read.value, field.unit), problem: undefined, value: read.value });
      }}
    />
  );
}
