import { useComputedColorScheme } from '@mantine/core';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { terminalKeyAction } from './lib/keys';
import { xtermThemes } from './xterm-theme';

export interface XtermHandles {
  term: Terminal;
  fit: FitAddon;
  search: SearchAddon;
}

export interface XtermCallbacks {
  onCopy(text: string): void;
  onPaste(): void;
  onSearch(): void;
}

/** One xterm.js terminal in `container` with fit, search and clickable links, themed with the app. */
export function useXterm(container: RefObject<HTMLDivElement | null>, callbacks: XtermCallbacks): XtermHandles | null {
  const [handles, setHandles] = useState<XtermHandles | null>(null);
  const scheme = useComputedColorScheme('light');
  const callbacksRef = useRef(callbacks);
  const termRef = useRef<Terminal | null>(null);
  useEffect(() => {
    callbacksRef.current = callbacks;
  });

  useEffect(() => {
    const el = container.current;
    if (!el) return undefined;
    const term = new Terminal({
      allowProposedApi: true,
      cursorBlink: true,
      fontFamily: '"JetBrains Mono", "Fira Code", ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace',
      fontSize: 13,
      lineHeight: 1.15,
      scrollback: 5000,
      theme: xtermThemes[scheme],
    });
    const fit = new FitAddon();
    const search = new SearchAddon({ highlightLimit: 2000 });
    term.loadAddon(fit);
    term.loadAddon(search);
    term.loadAddon(
      new WebLinksAddon((event, uri) => {
        event.preventDefault();
        window.open(uri, '_blank', 'noopener,noreferrer');
      }),
    );
    term.attachCustomKeyEventHandler((e) => {
      const action = terminalKeyAction(e, term.hasSelection());
      if (action === null) return true;
      e.preventDefault();
      if (action === 'copy') {
        callbacksRef.current.onCopy(term.getSelection());
        term.clearSelection();
      } else if (action === 'paste') callbacksRef.current.onPaste();
      else callbacksRef.current.onSearch();
      return false;
    });
    term.open(el);
    termRef.current = term;
    setHandles({ term, fit, search });
    return () => {
      termRef.current = null;
      setHandles(null);
      term.dispose();
    };
    // the theme follows below without recreating the terminal
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [container]);

  useEffect(() => {
    if (termRef.current) termRef.current.options.theme = xtermThemes[scheme];
  }, [handles, scheme]);

  return handles;
}
