import { useVirtualizer } from '@tanstack/react-virtual';
import { ChevronDown, ChevronRight, Copy } from 'lucide-react';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { SearchBox } from '../search-box';
import { flatten, matchingPaths, type JsonNode } from './flatten';
import { JsonValue } from './json-value';

interface Props {
  value: unknown;
  rootLabel: string;
  testId?: string;
  /** Containers at depth below this start expanded. */
  openDepth?: number;
}

function copy(value: unknown): void {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  void navigator.clipboard?.writeText(text ?? String(value)).catch(() => undefined);
}

/** A collapsible JSON tree with search, copy and arrow-key navigation; virtualized. */
export function JsonTree({ value, rootLabel, testId, openDepth = 2 }: Props) {
  const [toggled, setToggled] = useState<Map<string, boolean>>(new Map());
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const keep = useMemo(() => (query.trim() ? matchingPaths(value, query.trim()) : undefined), [value, query]);
  const rows = useMemo(() => {
    const depthOf = (path: string) => path.split('.').length - 1;
    const open = (path: string) => (keep ? true : (toggled.get(path) ?? depthOf(path) < openDepth));
    return flatten(value, rootLabel, open, keep);
  }, [value, rootLabel, toggled, keep, openDepth]);
  const isOpen = (n: JsonNode) => (keep ? true : (toggled.get(n.path) ?? n.depth < openDepth));
  const setOpen = (path: string, open: boolean) => setToggled((t) => new Map(t).set(path, open));
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 22,
    overscan: 20,
  });

  const onKeyDown = (e: KeyboardEvent) => {
    const index = rows.findIndex((r) => r.path === selected);
    const current = rows[index];
    let next = index;
    if (e.key === 'ArrowDown') next = Math.min(rows.length - 1, index + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, index - 1);
    else if (e.key === 'ArrowRight' && current?.container) setOpen(current.path, true);
    else if (e.key === 'ArrowLeft' && current) {
      if (current.container && isOpen(current)) setOpen(current.path, false);
      else next = rows.findIndex((r) => r.path === current.parent);
    } else if (e.key === 'Enter' && current?.container) setOpen(current.path, !isOpen(current));
    else return;
    e.preventDefault();
    const row = rows[next];
    if (row && next !== index) {
      setSelected(row.path);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    }
  };

  return (
    <div className="json-tree" data-testid={testId}>
      <div className="toolbar">
        <SearchBox value={query} onChange={setQuery} placeholder="Search keys and values" testId="json-search" />
        <button className="btn" onClick={() => copy(value)}>
          <Copy size={14} aria-hidden /> Copy all
        </button>
        {keep && <span className="muted">{keep.size === 0 ? 'no match' : `${rows.length} rows shown`}</span>}
      </div>
      <div className="json-scroll" ref={scroller} tabIndex={0} role="tree" aria-label={rootLabel} onKeyDown={onKeyDown}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const n = rows[item.index] as JsonNode;
            const open = isOpen(n);
            return (
              <div
                key={n.path}
                role="treeitem"
                aria-expanded={n.container ? open : undefined}
                aria-selected={n.path === selected}
                data-testid={`json-node-${n.path}`}
                className={n.path === selected ? 'json-row selected' : 'json-row'}
                style={{ transform: `translateY(${item.start}px)`, paddingLeft: 6 + n.depth * 16 }}
                onClick={() => {
                  setSelected(n.path);
                  if (n.container) setOpen(n.path, !open);
                }}
              >
                <span className="json-twisty">
                  {n.container ? (
                    open ? (
                      <ChevronDown size={12} aria-hidden />
                    ) : (
                      <ChevronRight size={12} aria-hidden />
                    )
                  ) : null}
                </span>
                <span className="json-key">{n.label}</span>
                <span className="json-colon">:</span>
                <JsonValue node={n} open={open} />
                <button
                  className="icon-btn json-copy"
                  aria-label={`Copy ${n.label}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    copy(n.value);
                  }}
                >
                  <Copy size={12} aria-hidden />
                </button>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
