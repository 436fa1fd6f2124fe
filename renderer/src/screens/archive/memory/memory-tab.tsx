import { useState } from 'react';
import type { MemoryUsageRow } from '../../../../../shared/dto';
import { PARENT_WHERE } from '../../../../../shared/problems';
import { ProblemsBanner } from '../../../components/problems-banner';
import { QueryView } from '../../../components/query-view';
import { SplitPane } from '../../../components/split-pane';
import { VirtualTable, type Column } from '../../../components/virtual-table';
import { formatBytes } from '../../../lib/format';
import { useQuery } from '../../../lib/use-query';
import { useMemoryJump } from '../../../stores/memory-jump-store';
import { useArchiveSummary } from '../../../stores/archives-store';
import { MemoryHex } from './memory-hex';
import { ParentPicker } from './parent-picker';
import { StringsView } from './strings-view';
import { VmaTable } from './vma-table';

const columns: Column<MemoryUsageRow>[] = [
  { key: 'pid', title: 'PID', width: '60px', numeric: true, sortValue: (r) => r.pid, render: (r) => r.pid },
  { key: 'comm', title: 'Process', width: 'minmax(80px, 1fr)', sortValue: (r) => r.comm, render: (r) => r.comm },
  { key: 'vmas', title: 'VMAs', width: '60px', numeric: true, sortValue: (r) => r.vmaCount, render: (r) => r.vmaCount },
  {
    key: 'virt',
    title: 'Virtual',
    width: '86px',
    numeric: true,
    sortValue: (r) => r.virtualSize,
    render: (r) => formatBytes(r.virtualSize),
  },
  {
    key: 'dumped',
    title: 'Dumped',
    width: '86px',
    numeric: true,
    sortValue: (r) => r.dumpedSize,
    render: (r) => formatBytes(r.dumpedSize),
  },
];

export function MemoryTab({ archiveId }: { archiveId: string }) {
  const usage = useQuery('inspect.memoryUsage', { archiveId });
  const summary = useArchiveSummary(archiveId);
  const [picked, setPicked] = useState<number | null>(null);
  const [view, setView] = useState<'hex' | 'strings' | 'vmas'>('hex');
  // A jump from elsewhere (a search result) wins over the earlier pick, until the next pick.
  const outside = useMemoryJump(archiveId);
  const [local, setLocal] = useState<{ pid: number; address: number; seq: number } | null>(null);
  const jump = local && (!outside || local.seq > outside.seq) ? local : outside;
  const [seenSeq, setSeenSeq] = useState<number | null>(null);
  if (outside && outside.seq !== seenSeq) {
    setSeenSeq(outside.seq);
    setPicked(outside.pid);
    setView('hex');
  }
  const pickString = (pid: number, address: number) => {
    setLocal({ pid, address, seq: (jump?.seq ?? 0) + 1 });
    setView('hex');
  };
  const pid = picked;
  return (
    <QueryView query={usage} what="memory usage" isEmpty={(v) => v.rows.length === 0 && v.problems.length === 0}>
      {({ rows, problems }) => {
        const current = pid ?? [...rows].sort((a, b) => b.dumpedSize - a.dumpedSize)[0]?.pid ?? null;
        return (
          <div className="column">
            {summary && !summary.parent && problems.some((p) => p.where === PARENT_WHERE) && (
              <ParentPicker archive={summary} />
            )}
            {summary?.parent && (
              <p className="muted memory-parent" data-testid="memory-parent">
                Pages kept in the parent checkpoint are read from {summary.parent}.
              </p>
            )}
            <ProblemsBanner problems={problems} what="memory usage" testId="memory-problems" />
            <SplitPane id="memory" className="memory" defaultFraction={0.3}>
              <VirtualTable
                rows={rows}
                columns={columns}
                rowKey={(r) => String(r.pid)}
                rowTestId={(r) => `memory-row-${r.pid}`}
                selectedKey={current === null ? null : String(current)}
                onSelect={(r) => setPicked(r.pid)}
                label="Memory usage per process"
                testId="memory-usage"
              />
              {current !== null && (
                <div className="column">
                  <div className="toolbar" role="radiogroup" aria-label="Memory view">
                    {(['hex', 'strings', 'vmas'] as const).map((v) => (
                      <button
                        key={v}
                        role="radio"
                        aria-checked={view === v}
                        className={view === v ? 'btn small primary' : 'btn small'}
                        data-testid={`memory-view-${v}`}
                        onClick={() => setView(v)}
                      >
                        {v === 'hex' ? 'Hex' : v === 'strings' ? 'Strings' : 'VMAs'}
                      </button>
                    ))}
                    <span className="muted">pid {current}</span>
                  </div>
                  {view === 'hex' ? (
                    <MemoryHex
                      key={current}
                      archiveId={archiveId}
                      pid={current}
                      jumpTo={jump && jump.pid === current ? jump : null}
                    />
                  ) : view === 'vmas' ? (
                    <VmaTable
                      key={current}
                      archiveId={archiveId}
                      pid={current}
                      onShow={(address) => pickString(current, address)}
                    />
                  ) : (
                    <StringsView
                      key={current}
                      archiveId={archiveId}
                      pid={current}
                      onPick={(address) => pickString(current, address)}
                    />
                  )}
                </div>
              )}
            </SplitPane>
          </div>
        );
      }}
    </QueryView>
  );
}
