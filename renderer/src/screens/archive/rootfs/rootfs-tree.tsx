import { useVirtualizer } from '@tanstack/react-virtual';
import { ChevronDown, ChevronRight } from 'lucide-react';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { SearchBox } from '../../../components/search-box';
import { formatBytes, formatMode } from '../../../lib/format';
import { buildTree, visibleRootfsRows, type RootfsNode, type RootfsRow } from './rootfs-tree-model';
import type { RootfsEntry } from '../../../../../shared/dto';
import { changeMarker } from './rootfs-change';
import { RootfsLegend } from './rootfs-legend';

interface Props {
  entries: RootfsEntry[];
  selected: RootfsNode | null;
  onSelect: (node: RootfsNode) => void;
}

export function RootfsTree({ entries, selected, onSelect }: Props) {
  const root = useMemo(() => buildTree(entries), [entries]);
  const [toggled, setToggled] = useState<Map<string, boolean>>(new Map());
  const [query, setQuery] = useState('');
  const isOpen = (path: string, depth: number) => toggled.get(path) ?? depth < 1;
  const rows = useMemo(() => visibleRootfsRows(root, (p, d) => toggled.get(p) ?? d < 1, query), [root, toggled, query]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 24,
    overscan: 15,
  });
  const setOpen = (path: string, open: boolean) => setToggled((t) => new Map(t).set(path, open));

  const onKeyDown = (e: KeyboardEvent) => {
    const index = rows.findIndex((r) => r.node.path === selected?.path);
    const row = rows[index];
    let next = index;
    if (e.key === 'ArrowDown') next = Math.min(rows.length - 1, index + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, index - 1);
    else if (e.key === 'ArrowRight' && row?.node.children.length) setOpen(row.node.path, true);
    else if (e.key === 'ArrowLeft' && row) {
      if (row.node.children.length && isOpen(row.node.path, row.depth)) setOpen(row.node.path, false);
      else next = rows.findIndex((r) => r.node.path === row.node.path.slice(0, row.node.path.lastIndexOf('/')));
    } else return;
    e.preventDefault();
    const target = rows[next];
    if (target && next !== index) {
      onSelect(target.node);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    }
  };

  return (
    <div className="rootfs-tree">
      <div className="toolbar">
        <SearchBox value={query} onChange={setQuery} placeholder="Filter paths" testId="rootfs-filter" />
        <span className="muted">{entries.length} changes</span>
      </div>
      <RootfsLegend entries={entries} />
      <div
        className="tree-scroll"
        ref={scroller}
        tabIndex={0}
        role="tree"
        aria-label="Root file system changes"
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const { node, depth } = rows[item.index] as RootfsRow;
            const folder = node.children.length > 0;
            const open = folder && (query.trim() !== '' || isOpen(node.path, depth));
            const e = node.entry;
            return (
              <div
                key={node.path}
                role="treeitem"
                aria-selected={node.path === selected?.path}
                aria-expanded={folder ? open : undefined}
                data-testid={`rootfs-entry-${node.path}`}
                data-change={e?.change}
                className={node.path === selected?.path ? 'tree-row selected' : 'tree-row'}
                style={{ transform: `translateY(${item.start}px)`, paddingLeft: 4 + depth * 16 }}
                onClick={() => {
                  onSelect(node);
                  if (folder) setOpen(node.path, !open);
                }}
              >
                <span className="twisty">
                  {folder ? (
                    open ? (
                      <ChevronDown size={12} aria-hidden />
                    ) : (
                      <ChevronRight size={12} aria-hidden />
                    )
                  ) : null}
                </span>
                {e ? (
                  <span
                    className={`change change-${e.change}`}
                    title={changeMarker(e.change).tooltip}
                    aria-label={changeMarker(e.change).label}
                    data-testid="rootfs-marker"
                  >
                    {changeMarker(e.change).mark}
                  </span>
                ) : (
                  <span className="change" />
                )}
                <span className={e?.change === 'deleted' ? 'name deleted' : 'name'}>{node.name}</span>
                {e && e.type === 'symlink' && <span className="muted mono"> → {e.linkTarget}</span>}
                <span className="spacer" />
                {e && e.change !== 'deleted' && <span className="mono muted">{formatMode(e.mode, e.type)}</span>}
                <span className="mono size">{e && e.type === 'file' ? formatBytes(e.size) : ''}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
