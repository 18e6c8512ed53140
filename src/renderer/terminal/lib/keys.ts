export interface KeyLike {
  type: string;
  key: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

export type KeyAction = 'copy' | 'paste' | 'search' | null;

/**
 * Terminal shortcuts that the app handles instead of the shell: Ctrl+Shift+C / Cmd+C copy,
 * Ctrl+C copies too while text is selected (else it is the shell's interrupt), Ctrl+Shift+V /
 * Cmd+V paste, Ctrl+Shift+F / Cmd+F search.
 */
export function terminalKeyAction(e: KeyLike, hasSelection: boolean): KeyAction {
  if (e.type !== 'keydown' || e.altKey) return null;
  const key = e.key.toLowerCase();
  const mod = e.ctrlKey || e.metaKey;
  if (!mod) return null;
  const shortcut = e.metaKey || e.shiftKey;
  if (key === 'c' && (shortcut || hasSelection)) return 'copy';
  if (key === 'v' && shortcut) return 'paste';
  if (key === 'f' && shortcut) return 'search';
  return null;
}
