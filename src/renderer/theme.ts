import { Badge, Button, Card, Code, Modal, Tooltip, createTheme, type MantineColorsTuple } from '@mantine/core';

// Bitcoin orange (#f7931a at shade 6), as the BCM accent.
const bitcoin: MantineColorsTuple = [
  '#fff5e6',
  '#ffe9cf',
  '#fed19e',
  '#fdb768',
  '#fca13b',
  '#fb941f',
  '#f7931a',
  '#dc7800',
  '#c46a00',
  '#aa5a00',
];

export const theme = createTheme({
  primaryColor: 'bitcoin',
  primaryShade: { light: 7, dark: 6 },
  colors: { bitcoin },
  defaultRadius: 'md',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
  fontFamilyMonospace:
    '"JetBrains Mono", "Fira Code", ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  components: {
    Card: Card.extend({ defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } }),
    Modal: Modal.extend({
      defaultProps: { centered: true, radius: 'md', overlayProps: { backgroundOpacity: 0.55, blur: 2 } },
    }),
    Tooltip: Tooltip.extend({ defaultProps: { withArrow: true, openDelay: 300 } }),
    // A badge or a button never shrinks below its text in a tight row or table cell (issue 15: at
    // 1440 px "RUNNING" became "RUN…" and "Add client" became "Add"); the row wraps or scrolls instead.
    Badge: Badge.extend({ defaultProps: { radius: 'sm' }, styles: { root: { flexShrink: 0, minWidth: 'max-content' } } }),
    Button: Button.extend({ styles: { root: { flexShrink: 0 } } }),
    Code: Code.extend({ defaultProps: {} }),
  },
});
