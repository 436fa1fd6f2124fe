import { useState } from 'react';
import { EmptyState } from '../../../components/empty-state';
import { QueryView } from '../../../components/query-view';
import { useQuery } from '../../../lib/use-query';
import { ProcessDetailView } from './process-detail';
import { ProcessTree } from './process-tree';

export function ProcessesTab({ archiveId }: { archiveId: string }) {
  const query = useQuery('inspect.processes', { archiveId });
  const [selected, setSelected] = useState<number | null>(null);
  return (
    <QueryView query={query} what="processes" isEmpty={(p) => p.length === 0}>
      {(processes) => {
        const pid = selected ?? processes[0]?.pid ?? null;
        return (
          <div className="split">
            <ProcessTree processes={processes} selected={pid} onSelect={setSelected} />
            {pid === null ? (
              <EmptyState>Select a process.</EmptyState>
            ) : (
              <ProcessDetailView archiveId={archiveId} pid={pid} />
            )}
          </div>
        );
      }}
    </QueryView>
  );
}
