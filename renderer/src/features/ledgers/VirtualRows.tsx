import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import './virtualRows.css';

export interface VirtualColumn<T> {
  key: string;
  title: ReactNode;
  /** px; columns without a width share what is left. */
  width?: number;
  align?: 'left' | 'right' | 'center';
  className?: string;
  render: (row: T, index: number) => ReactNode;
}

/** The row height of a dense table (the small antd table's): every row the same, so any row's place is index × height. */
export const ROW_HEIGHT = 26;
const OVERSCAN = 8;

/**
 * A table for books of any length: the body is one scroll container whose height stands for all
 * `count` rows, and only the rows in view (plus a few either side) exist in the DOM. Rows are
 * asked for by index (`rowAt`), so a hundred thousand lines need no array of a hundred thousand
 * entries, and a page arriving re-renders only what is on screen. `onRange` says which rows are
 * in view after each scroll (to fetch them). Looks like the dense bordered tables around it.
 */
export function VirtualRows<T>({
  columns,
  count,
  rowAt,
  rowKey,
  height,
  onRange,
  rowClassName,
  rowTestId,
  onRowDoubleClick,
  testId,
  minWidth,
  version,
}: {
  columns: readonly VirtualColumn<T>[];
  count: number;
  rowAt: (index: number) => T;
  rowKey: (row: T, index: number) => string;
  height: number;
  onRange?: (first: number, last: number) => void;
  rowClassName?: (row: T, index: number) => string;
  /** A data-testid per row (for tests and the bench); undefined for none. */
  rowTestId?: (row: T, index: number) => string | undefined;
  onRowDoubleClick?: (row: T, index: number) => void;
  testId?: string;
  minWidth?: number;
  /** Changes when rows behind `rowAt` changed (a page arrived): re-render what is on screen. */
  version?: number;
}) {
  const holder = useRef<HTMLDivElement>(null);
  const header = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const frame = useRef<number | null>(null);

  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count - 1, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);

  const onScroll = useCallback(() => {
    const el = holder.current;
    if (!el) return;
    if (header.current) header.current.scrollLeft = el.scrollLeft;
    // One render per animation frame, whatever the number of scroll events.
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setTop(el.scrollTop);
    });
  }, []);
  useEffect(() => () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
  }, []);

  // The header leaves room for the body's vertical scroll bar (its width differs by platform; the
  // body always shows it). Measured once, not per render: reading offsetWidth forces a layout of the
  // whole, very tall, body — on every scroll frame that was most of the work.
  useLayoutEffect(() => {
    const el = holder.current;
    if (el && header.current) header.current.style.paddingRight = `${el.offsetWidth - el.clientWidth}px`;
  }, []);

  // After each render: tell the owner which rows are in view (without the overscan).
  const inViewFirst = Math.max(0, Math.floor(top / ROW_HEIGHT));
  const inViewLast = Math.min(count - 1, Math.ceil((top + height) / ROW_HEIGHT));
  useLayoutEffect(() => {
    if (count > 0) onRange?.(inViewFirst, inViewLast);
  }, [inViewFirst, inViewLast, count, onRange]);

  const colgroup = (
    <colgroup>
      {columns.map((c) => (
        <col key={c.key} style={c.width ? { width: c.width } : undefined} />
      ))}
    </colgroup>
  );
  const tableStyle: CSSProperties = { minWidth, width: '100%' };
  // Stable across renders, so a row that stays in view is not drawn again (Row is memoised).
  const dblRef = useRef(onRowDoubleClick);
  dblRef.current = onRowDoubleClick;
  const onDouble = useCallback((row: unknown, index: number) => dblRef.current?.(row as T, index), []);
  const rows: ReactNode[] = [];
  for (let i = first; i <= last && count > 0; i++) {
    const row = rowAt(i);
    rows.push(
      <Row
        key={rowKey(row, i)}
        row={row}
        index={i}
        columns={columns as readonly VirtualColumn<unknown>[]}
        className={rowClassName?.(row, i) ?? ''}
        testId={rowTestId?.(row, i)}
        onDouble={onRowDoubleClick ? onDouble : undefined}
      />,
    );
  }

  return (
    <div className="xc-vt" data-testid={testId} data-version={version}>
      <div className="xc-vt-header" ref={header}>
        <table style={tableStyle}>
          {colgroup}
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} className="xc-vt-cell" style={{ textAlign: c.align }}>
                  {c.title}
                </th>
              ))}
            </tr>
          </thead>
        </table>
      </div>
      <div className="xc-vt-body" ref={holder} data-scroll-holder onScroll={onScroll} style={{ height }} tabIndex={0}>
        <div style={{ height: count * ROW_HEIGHT, position: 'relative', minWidth }}>
          <table style={{ ...tableStyle, position: 'absolute', top: first * ROW_HEIGHT, left: 0 }}>
            {colgroup}
            <tbody>{rows}</tbody>
          </table>
        </div>
      </div>
    </div>
  );
}

/** One row; drawn again only when its data, place or columns change. */
const Row = memo(function Row({
  row,
  index,
  columns,
  className,
  testId,
  onDouble,
}: {
  row: unknown;
  index: number;
  columns: readonly VirtualColumn<unknown>[];
  className: string;
  testId: string | undefined;
  onDouble: ((row: unknown, index: number) => void) | undefined;
}) {
  return (
    <tr className={`xc-vt-row ${className}`} style={{ height: ROW_HEIGHT }} data-row-index={index} data-testid={testId} onDoubleClick={onDouble ? () => onDouble(row, index) : undefined}>
      {columns.map((c) => (
        <td key={c.key} className={`xc-vt-cell ${c.className ?? ''}`} style={{ textAlign: c.align }}>
          {c.render(row, index)}
        </td>
      ))}
    </tr>
  );
});
