import { useState } from 'react';
import type { MemoryUsageRow } from '../../../../../shared/dto';
import { QueryView } from '../../../components/query-view';
import { VirtualTable, type Column } from '../../../components/virtual-table';
import { formatBytes } from '../../../lib/format';
import { useQuery } from '../../../lib/use-query';
import { MemoryHex } from './memory-hex';

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
  const [pid, setPid] = useState<number | null>(null);
  return (
    <QueryView query={usage} what="memory usage" isEmpty={(rows) => rows.length === 0}>
      {(rows) => {
        const current = pid ?? [...rows].sort((a, b) => b.dumpedSize - a.dumpedSize)[0]?.pid ?? null;
        return (
          <div className="split memory">
            <VirtualTable
              rows={rows}
              columns={columns}
              rowKey={(r) => String(r.pid)}
              rowTestId={(r) => `memory-row-${r.pid}`}
              selectedKey={current === null ? null : String(current)}
              onSelect={(r) => setPid(r.pid)}
              label="Memory usage per process"
              testId="memory-usage"
            />
            {current !== null && <MemoryHex key={current} archiveId={archiveId} pid={current} />}
          </div>
        );
      }}
    </QueryView>
  );
}
