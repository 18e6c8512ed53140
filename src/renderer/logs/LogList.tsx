import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { entryAt, type DisplayRows } from './lib/filter';
import type { LogView } from './lib/log-buffer';
import { formatTime } from './lib/save';
import { highlightParts, type Matcher } from './lib/search';
import { isSelected, type LineSelection } from './lib/selection';
import classes from './LogView.module.css';

export const ROW_HEIGHT = 20;

const levelClass = ['', classes.level1, classes.level2, classes.level3, classes.level4];
const textClass = ['', classes.error, classes.warn, '', classes.debug];

export interface LogListProps {
  view: LogView;
  display: DisplayRows;
  matcher: Matcher | null;
  /** the row of the current search match */
  currentMatchRow: number | null;
  showTime: boolean;
  following: boolean;
  selection: LineSelection | null;
  onLineClick(index: number, extend: boolean): void;
  /** the user scrolled away from the end while following */
  onScrollAway(): void;
  onCopy(): void;
  /** changes when the view must re-render although view/display are the same objects */
  version: number;
  emptyText: string;
}

/** The virtualised lines: only the rows in sight exist in the DOM, however long the log. */
export function LogList(props: LogListProps) {
  const { view, display, matcher, currentMatchRow, showTime, following, selection, onLineClick, onScrollAway, onCopy, emptyText } = props;
  const scroller = useRef<HTMLDivElement | null>(null);
  const programmatic = useRef(false);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is not memoisable; this component is not compiled
  const virtualizer = useVirtualizer({
    count: display.count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  // follow: stay at the end as lines arrive
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!following || !el) return;
    programmatic.current = true;
    el.scrollTop = el.scrollHeight;
  });

  // jump to the current search match
  useEffect(() => {
    if (currentMatchRow !== null) virtualizer.scrollToIndex(currentMatchRow, { align: 'center' });
  }, [currentMatchRow, virtualizer]);

  const onScroll = (): void => {
    const el = scroller.current;
    if (!el) return;
    if (programmatic.current) {
      programmatic.current = false;
      return;
    }
    const fromEnd = el.scrollHeight - el.scrollTop - el.clientHeight;
    if (following && fromEnd > ROW_HEIGHT * 2) onScrollAway();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const nativeSelection = window.getSelection()?.toString() ?? '';
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c' && selection && nativeSelection === '') {
      e.preventDefault();
      onCopy();
    }
  };

  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={scroller}
      className={classes.scroller}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      tabIndex={0}
      role="log"
      aria-label="Log lines"
      data-testid="log-lines"
    >
      {display.count === 0 && <div className={classes.empty}>{emptyText}</div>}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: '100%' }}>
        {items.map((item) => {
          const index = entryAt(display, view, item.index);
          const entry = view.entry(index);
          if (!entry) return null;
          const notice = entry.kind === 'notice';
          const parts = matcher && !notice ? highlightParts(entry.text, matcher.ranges(entry.text)) : null;
          const cls = [
            classes.row,
            isSelected(selection, index) ? classes.selected : '',
            item.index === currentMatchRow ? classes.current : '',
          ].join(' ');
          return (
            <div key={index} className={cls} style={{ transform: `translateY(${item.start}px)` }} data-line={index}>
              <span
                className={classes.gutter}
                onClick={(e) => onLineClick(index, e.shiftKey)}
                title="Select this line (Shift+click: a range)"
              >
                {index + 1}
              </span>
              {showTime && <span className={classes.time}>{formatTime(entry.at)}</span>}
              <span className={`${classes.level} ${notice ? '' : (levelClass[entry.level] ?? '')}`} />
              <span className={`${classes.text} ${notice ? classes.notice : (textClass[entry.level] ?? '')}`}>
                {notice ? `— ${entry.text}` : parts ? parts.map((p, i) => (p.hit ? <mark key={i} className={classes.hit}>{p.text}</mark> : p.text)) : entry.text}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
