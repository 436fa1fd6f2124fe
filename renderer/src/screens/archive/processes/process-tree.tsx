import { useVirtualizer } from '@tanstack/react-virtual';
import { AlertTriangle, ChevronDown, ChevronRight } from 'lucide-react';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ProblemInfo, ProcessInfo } from '../../../../../shared/dto';
import { SearchBox } from '../../../components/search-box';
import { MAX_INDENT_LEVELS, visibleRows, type ProcessRow } from './process-tree-model';

interface Props {
  processes: ProcessInfo[];
  /** Problems per pid: such a process is marked, its detail lists them. */
  problems?: ReadonlyMap<number, readonly ProblemInfo[]>;
  selected: number | null;
  onSelect: (pid: number) => void;
}

export function ProcessTree({ processes, problems, selected, onSelect }: Props) {
  const [collapsed, setCollapsed] = useState<Set<number>>(new Set());
  const [query, setQuery] = useState('');
  const rows = useMemo(() => visibleRows(processes, collapsed, query), [processes, collapsed, query]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 24,
    overscan: 15,
  });
  const toggle = (pid: number, open?: boolean) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (open ?? next.has(pid)) next.delete(pid);
      else next.add(pid);
      return next;
    });

  const onKeyDown = (e: KeyboardEvent) => {
    const index = rows.findIndex((r) => r.process.pid === selected);
    const row = rows[index];
    let next = index;
    if (e.key === 'ArrowDown') next = Math.min(rows.length - 1, index + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, index - 1);
    else if (e.key === 'ArrowRight' && row?.hasChildren) toggle(row.process.pid, true);
    else if (e.key === 'ArrowLeft' && row) {
      if (row.hasChildren && !collapsed.has(row.process.pid)) toggle(row.process.pid, false);
      else next = rows.findIndex((r) => r.process.pid === row.process.ppid);
    } else return;
    e.preventDefault();
    const target = rows[next];
    if (target && next !== index) {
      onSelect(target.process.pid);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    }
  };

  return (
    <div className="process-tree">
      <div className="toolbar">
        <SearchBox
          value={query}
          onChange={setQuery}
          placeholder="Search name, pid, command line"
          testId="process-search"
        />
        <span className="muted">{processes.length} processes</span>
      </div>
      <div
        className="tree-scroll"
        ref={scroller}
        tabIndex={0}
        role="tree"
        aria-label="Process tree"
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = rows[item.index] as ProcessRow;
            const p = r.process;
            const open = !collapsed.has(p.pid) || query.trim() !== '';
            return (
              <div
                key={p.pid}
                role="treeitem"
                aria-selected={p.pid === selected}
                aria-expanded={r.hasChildren ? open : undefined}
                data-testid={`process-row-${p.pid}`}
                className={p.pid === selected ? 'tree-row selected' : 'tree-row'}
                style={{
                  transform: `translateY(${item.start}px)`,
                  paddingLeft: 4 + Math.min(r.depth, MAX_INDENT_LEVELS) * 16,
                }}
                onClick={() => onSelect(p.pid)}
              >
                <span
                  className="twisty"
                  onClick={(e) => {
                    e.stopPropagation();
                    if (r.hasChildren) toggle(p.pid);
                  }}
                >
                  {r.hasChildren ? (
                    open ? (
                      <ChevronDown size={12} aria-hidden />
                    ) : (
                      <ChevronRight size={12} aria-hidden />
                    )
                  ) : null}
                </span>
                {r.depth > MAX_INDENT_LEVELS && (
                  <span className="muted mono" title={`depth ${r.depth}`}>{`⋯${r.depth} `}</span>
                )}
                <span className="pid mono">{p.pid}</span>
                {(problems?.get(p.pid)?.length ?? 0) > 0 && (
                  <span
                    className="problem-marker"
                    data-testid={`process-problem-${p.pid}`}
                    title={(problems?.get(p.pid) ?? []).map((x) => `${x.where}: ${x.message}`).join('\n')}
                    aria-label={`${problems?.get(p.pid)?.length ?? 0} problems reading this process`}
                  >
                    <AlertTriangle size={12} aria-hidden />
                  </span>
                )}
                <span className="comm">{p.comm}</span>
                <span className="cmdline mono muted">{p.cmdline.join(' ')}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
