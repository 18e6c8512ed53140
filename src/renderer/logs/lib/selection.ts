/** A range of selected lines by absolute line number: `anchor` where it started, `focus` where it is. */
export interface LineSelection {
  anchor: number;
  focus: number;
}

/** Click selects one line (or clears it when it was the only one); Shift+click extends from the anchor. */
export function clickLine(current: LineSelection | null, line: number, extend: boolean): LineSelection | null {
  if (extend && current) return { anchor: current.anchor, focus: line };
  if (current && current.anchor === line && current.focus === line) return null;
  return { anchor: line, focus: line };
}

export function selectionBounds(sel: LineSelection): { first: number; last: number } {
  return { first: Math.min(sel.anchor, sel.focus), last: Math.max(sel.anchor, sel.focus) };
}

export function isSelected(sel: LineSelection | null, line: number): boolean {
  if (!sel) return false;
  const { first, last } = selectionBounds(sel);
  return line >= first && line <= last;
}
