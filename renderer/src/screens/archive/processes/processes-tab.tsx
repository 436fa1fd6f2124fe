import { useMemo, useState } from 'react';
import type { ProblemInfo } from '../../../../../shared/dto';
import { EmptyState } from '../../../components/empty-state';
import { QueryView } from '../../../components/query-view';
import { useQuery } from '../../../lib/use-query';
import { ProcessDetailView } from './process-detail';
import { ProcessTree } from './process-tree';
import { SplitPane } from '../../../components/split-pane';

/** Problems per pid, from the views that name processes. */
function problemsByPid(...lists: (readonly ProblemInfo[] | undefined)[]): Map<number, ProblemInfo[]> {
  const out = new Map<number, ProblemInfo[]>();
  const seen = new Set<string>();
  for (const list of lists) {
    for (const p of list ?? []) {
      if (p.pid === undefined) continue;
      const key = JSON.stringify([p.where, p.pid, p.code, p.message]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.set(p.pid, [...(out.get(p.pid) ?? []), p]);
    }
  }
  return out;
}

export function ProcessesTab({ archiveId }: { archiveId: string }) {
  const query = useQuery('inspect.processes', { archiveId });
  const [selected, setSelected] = useState<number | null>(null);
  // The same cached reads the other tabs make: a process they could not read is marked here.
  const overview = useQuery('archive.overview', { archiveId });
  const files = useQuery('inspect.files', { archiveId });
  const memory = useQuery('inspect.memoryUsage', { archiveId });
  const pid = selected ?? query.data?.[0]?.pid ?? null;
  const detail = useQuery('inspect.process', pid === null ? null : { archiveId, pid });
  const problems = useMemo(
    () => problemsByPid(overview.data?.warnings, files.data?.problems, memory.data?.problems, detail.data?.problems),
    [overview.data, files.data, memory.data, detail.data],
  );
  return (
    <QueryView query={query} what="processes" isEmpty={(p) => p.length === 0}>
      {(processes) => (
        <SplitPane id="processes" defaultFraction={0.4}>
          <ProcessTree processes={processes} problems={problems} selected={pid} onSelect={setSelected} />
          {pid === null ? (
            <EmptyState>Select a process.</EmptyState>
          ) : (
            <ProcessDetailView archiveId={archiveId} pid={pid} />
          )}
        </SplitPane>
      )}
    </QueryView>
  );
}
