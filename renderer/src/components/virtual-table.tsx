import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp } from 'lucide-react';
import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface Column<T> {
  key: string;
  title: string;
  /** A CSS grid track, e.g. "80px" or "minmax(120px, 2fr)". */
  width: string;
  render: (row: T) => ReactNode;
  sortValue?: (row: T) => string | number;
  numeric?: boolean;
}

interface Props<T> {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  rowTestId?: (row: T) => string;
  selectedKey?: string | null;
  onSelect?: (row: T) => void;
  label: string;
  testId?: string;
  rowHeight?: number;
}

const compare = (a: string | number, b: string | number) =>
  typeof a === 'number' && typeof b === 'number'
    ? a - b
    : String(a).localeCompare(String(b), undefined, { numeric: true });

/** A sortable table that renders only the rows in view; arrows move the selection. */
export function VirtualTable<T>(props: Props<T>) {
  const { rows, columns, rowKey, rowTestId, selectedKey, onSelect, label, testId, rowHeight = 26 } = props;
  const [sort, setSort] = useState<{ key: string; desc: boolean } | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const sorted = useMemo(() => {
    const column = sort && columns.find((c) => c.key === sort.key);
    if (!column?.sortValue) return rows;
    const value = column.sortValue;
    const out = [...rows].sort((a, b) => compare(value(a), value(b)));
    return sort?.desc ? out.reverse() : out;
  }, [rows, columns, sort]);
  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const template = columns.map((c) => c.width).join(' ');
  const selectedIndex = selectedKey == null ? -1 : sorted.findIndex((r) => rowKey(r) === selectedKey);

  const onKeyDown = (e: KeyboardEvent) => {
    if (!onSelect || sorted.length === 0) return;
    const step =
      e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : e.key === 'PageDown' ? 20 : e.key === 'PageUp' ? -20 : 0;
    const jump = e.key === 'Home' ? 0 : e.key === 'End' ? sorted.length - 1 : null;
    if (step === 0 && jump === null) return;
    e.preventDefault();
    const next = jump ?? Math.max(0, Math.min(sorted.length - 1, (selectedIndex < 0 ? -1 : selectedIndex) + step));
    const row = sorted[next];
    if (row !== undefined) {
      onSelect(row);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    }
  };

  return (
    <div className="vtable" role="table" aria-label={label} data-testid={testId} aria-rowcount={sorted.length}>
      <div className="vtable-head" role="row" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <button
            key={c.key}
            role="columnheader"
            className={c.numeric ? 'vtable-th num' : 'vtable-th'}
            disabled={!c.sortValue}
            aria-sort={sort?.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
            onClick={() =>
              setSort((s) =>
                s?.key === c.key ? (s.desc ? null : { key: c.key, desc: true }) : { key: c.key, desc: false },
              )
            }
          >
            {c.title}
            {sort?.key === c.key &&
              (sort.desc ? <ArrowDown size={12} aria-hidden /> : <ArrowUp size={12} aria-hidden />)}
          </button>
        ))}
      </div>
      <div className="vtable-body" ref={scroller} tabIndex={0} onKeyDown={onKeyDown}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = sorted[item.index] as T;
            const key = rowKey(row);
            return (
              <div
                key={key}
                role="row"
                data-testid={rowTestId?.(row)}
                aria-selected={key === selectedKey}
                className={key === selectedKey ? 'vtable-row selected' : 'vtable-row'}
                style={{ gridTemplateColumns: template, height: rowHeight, transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect?.(row)}
              >
                {columns.map((c) => (
                  <div key={c.key} role="cell" className={c.numeric ? 'vtable-td num' : 'vtable-td'}>
                    {c.render(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
