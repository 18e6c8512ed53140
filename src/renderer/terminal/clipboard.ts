import { notifications } from '@mantine/notifications';

/** Copies text and says so (or why it could not). */
export async function copyToClipboard(text: string, what = 'Selection'): Promise<void> {
  if (text === '') return;
  try {
    await navigator.clipboard.writeText(text);
    notifications.show({ message: `${what} copied.`, autoClose: 1500, color: 'teal' });
  } catch {
    notifications.show({ color: 'red', message: 'Could not copy: the browser refused access to the clipboard.', autoClose: 5000 });
  }
}

/** Reads the clipboard's text, or says why it cannot (then Ctrl+V / the browser's paste still work). */
export async function readClipboard(): Promise<string | null> {
  try {
    return await navigator.clipboard.readText();
  } catch {
    notifications.show({
      color: 'yellow',
      message: 'The browser did not allow reading the clipboard here; paste with Ctrl+V (or Cmd+V) instead.',
      autoClose: 6000,
    });
    return null;
  }
}
