import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp } from 'lucide-react';
import {
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type ReactNode,
} from 'react';
import { downloadBlob } from '../lib/download';
import { textOf } from '../lib/node-text';
import { exportFileName, toCsv, toJson, type ExportRow } from '../../../shared/table-export';
import { MIN_COLUMN_PX, gridOf, loadPrefs, savePrefs, type TablePrefs } from '../lib/table-prefs';
import { ContextMenu, type ContextMenuState } from './context-menu';
import { CopyToast } from './copy-toast';
import { TableMenu } from './table-menu';
import { useCopyFeedback } from './use-copy-feedback';

export interface Column<T> {
  key: string;
  title: string;
  /** A CSS grid track, e.g. "80px" or "minmax(120px, 2fr)". */
  width: string;
  render: (row: T) => ReactNode;
  /** Sort key; without it the column sorts by the text it shows. */
  sortValue?: (row: T) => string | number;
  /** The value in a CSV/JSON export and "Copy"; without it the text the cell shows. */
  exportValue?: (row: T) => string | number | null;
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
  /** Where widths and hidden columns are remembered; the label by default. */
  storageKey?: string;
}

const MENU_PX = 28;

const compare = (a: string | number, b: string | number) =>
  typeof a === 'number' && typeof b === 'number'
    ? a - b
    : String(a).localeCompare(String(b), undefined, { numeric: true });

function valueOf<T>(c: Column<T>, row: T): string | number | null {
  return c.exportValue ? c.exportValue(row) : textOf(c.render(row));
}

/** The cell's text as its tooltip, only when the cell cuts it short. */
function titleIfTruncated(e: MouseEvent<HTMLElement>) {
  const el = e.currentTarget;
  if (el.scrollWidth > el.clientWidth) el.title = el.textContent ?? '';
  else el.removeAttribute('title');
}

/**
 * A table that renders only the rows in view: every column sorts, resizes
 * (drag the header's edge) and hides (the ⋮ menu, which also exports all rows
 * to CSV/JSON); widths and hidden columns are remembered. Right-click copies a
 * cell or row; arrows move the selection.
 */
export function VirtualTable<T>(props: Props<T>) {
  const { rows, columns, rowKey, rowTestId, selectedKey, onSelect, label, testId, rowHeight = 26 } = props;
  const storageKey = props.storageKey ?? label;
  const [sort, setSort] = useState<{ key: string; desc: boolean } | null>(null);
  const [prefs, setPrefsState] = useState<TablePrefs>(() => loadPrefs(storageKey));
  const [menu, setMenu] = useState<ContextMenuState | null>(null);
  const [copyState, copy] = useCopyFeedback();
  const scroller = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLDivElement>(null);
  const [headHeight, setHeadHeight] = useState(27);
  useLayoutEffect(() => setHeadHeight(head.current?.offsetHeight ?? 27), []);

  const setPrefs = useCallback(
    (next: TablePrefs) => {
      setPrefsState(next);
      savePrefs(storageKey, next);
    },
    [storageKey],
  );
  const shown = useMemo(() => columns.filter((c) => !prefs.hidden.includes(c.key)), [columns, prefs.hidden]);

  const sorted = useMemo(() => {
    const column = sort && columns.find((c) => c.key === sort.key);
    if (!column) return rows;
    const value = column.sortValue ?? ((row: T) => textOf(column.render(row)));
    const out = [...rows].sort((a, b) => compare(value(a), value(b)));
    return sort?.desc ? out.reverse() : out;
  }, [rows, columns, sort]);
  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    scrollMargin: headHeight,
    scrollPaddingStart: headHeight,
  });
  const { template, minWidth } = gridOf(shown, prefs, MENU_PX);
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

  const startResize = (e: PointerEvent<HTMLSpanElement>, key: string) => {
    e.preventDefault();
    e.stopPropagation();
    const th = e.currentTarget.parentElement;
    if (!th) return;
    const startX = e.clientX;
    const startWidth = th.getBoundingClientRect().width;
    let latest = prefs;
    const move = (ev: globalThis.PointerEvent) => {
      const width = Math.max(MIN_COLUMN_PX, Math.round(startWidth + ev.clientX - startX));
      latest = { ...prefs, widths: { ...prefs.widths, [key]: width } };
      setPrefsState(latest);
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      setPrefs(latest);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  const exportRows = (format: 'csv' | 'json') => {
    const cols = shown.map((c) => ({ key: c.key, title: c.title || c.key }));
    const data = sorted.map((row) => Object.fromEntries(shown.map((c) => [c.key, valueOf(c, row)])) as ExportRow);
    const text = format === 'csv' ? toCsv(cols, data) : toJson(cols, data);
    downloadBlob([text], exportFileName(label, format), format === 'csv' ? 'text/csv' : 'application/json');
  };

  const openMenu = (e: MouseEvent, row: T, column: Column<T>) => {
    e.preventDefault();
    const cell = valueOf(column, row);
    const whole = shown.map((c) => valueOf(c, row) ?? '').join('\t');
    setMenu({
      x: e.clientX,
      y: e.clientY,
      items: [
        { label: 'Copy', testId: 'cell-menu-copy', run: () => copy(cell === null ? '' : String(cell)) },
        { label: 'Copy row', testId: 'cell-menu-copy-row', run: () => copy(whole) },
      ],
    });
  };
  const closeMenu = useCallback(() => setMenu(null), []);

  return (
    <div className="vtable" role="table" aria-label={label} data-testid={testId} aria-rowcount={sorted.length}>
      <div className="vtable-body" ref={scroller} tabIndex={0} onKeyDown={onKeyDown}>
        <div className="vtable-head" role="row" ref={head} style={{ gridTemplateColumns: template, minWidth }}>
          {shown.map((c) => (
            <div key={c.key} className="vtable-th-cell">
              <button
                role="columnheader"
                className={c.numeric ? 'vtable-th num' : 'vtable-th'}
                title={`Sort by ${c.title || c.key}`}
                aria-sort={sort?.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                onClick={() =>
                  setSort((s) =>
                    s?.key === c.key ? (s.desc ? null : { key: c.key, desc: true }) : { key: c.key, desc: false },
                  )
                }
              >
                <span className="vtable-th-title">{c.title}</span>
                {sort?.key === c.key &&
                  (sort.desc ? <ArrowDown size={12} aria-hidden /> : <ArrowUp size={12} aria-hidden />)}
              </button>
              <span
                className="vtable-resize"
                aria-hidden
                data-testid={`resize-${c.key}`}
                title="Drag to resize; double-click for the default width"
                onPointerDown={(e) => startResize(e, c.key)}
                onDoubleClick={() => {
                  const widths = { ...prefs.widths };
                  delete widths[c.key];
                  setPrefs({ ...prefs, widths });
                }}
              />
            </div>
          ))}
          <TableMenu
            label={label}
            columns={columns.map((c) => ({ key: c.key, title: c.title || c.key }))}
            hidden={prefs.hidden}
            onToggle={(key) =>
              setPrefs({
                ...prefs,
                hidden: prefs.hidden.includes(key) ? prefs.hidden.filter((h) => h !== key) : [...prefs.hidden, key],
              })
            }
            onExport={exportRows}
          />
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth }}>
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
                style={{
                  gridTemplateColumns: template,
                  height: rowHeight,
                  transform: `translateY(${item.start - headHeight}px)`,
                }}
                onClick={() => onSelect?.(row)}
              >
                {shown.map((c) => (
                  <div
                    key={c.key}
                    role="cell"
                    className={c.numeric ? 'vtable-td num' : 'vtable-td'}
                    onMouseEnter={titleIfTruncated}
                    onContextMenu={(e) => openMenu(e, row, c)}
                  >
                    {c.render(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
      {menu && <ContextMenu menu={menu} onClose={closeMenu} testId="cell-menu" />}
      <CopyToast state={copyState} />
    </div>
  );
}
