import { useMemo, useState } from 'react';
import type { RecoveredItem, View } from '../../../../../shared/dto';
import { EmptyState } from '../../../components/empty-state';
import { ProblemsBanner } from '../../../components/problems-banner';
import { QueryView } from '../../../components/query-view';
import { SearchBox } from '../../../components/search-box';
import { VirtualTable } from '../../../components/virtual-table';
import { filterRows } from '../../../lib/filter-rows';
import { useQuery } from '../../../lib/use-query';
import { recoveredColumns } from './recovered-columns';
import { RecoveredDetail } from './recovered-detail';

function Body({ archiveId, view, filter }: { archiveId: string; view: View<RecoveredItem>; filter: string }) {
  const [selected, setSelected] = useState<string | null>(null);
  const rows = useMemo(() => filterRows(view.rows, filter), [view, filter]);
  const item = view.rows.find((r) => r.id === selected) ?? null;
  return (
    <>
      <ProblemsBanner problems={view.problems} what="the recovered data" testId="recovered-problems" />
      {view.rows.length === 0 ? (
        <EmptyState>
          No deleted-but-open files, memfds or unread pipe, terminal, socket or TCP bytes in this checkpoint.
        </EmptyState>
      ) : (
        <VirtualTable
          rows={rows}
          columns={recoveredColumns}
          rowKey={(r) => r.id}
          rowTestId={(r) => `recovered-row-${r.kind}`}
          selectedKey={selected}
          onSelect={(r) => setSelected(r.id)}
          label="Recovered files and buffers"
          testId="recovered-table"
        />
      )}
      {item && <RecoveredDetail key={item.id} archiveId={archiveId} item={item} />}
    </>
  );
}

/** Files and buffers only the checkpoint holds, with preview, save and search. */
export function RecoveredTab({ archiveId }: { archiveId: string }) {
  const query = useQuery('inspect.recovered', { archiveId });
  const [filter, setFilter] = useState('');
  return (
    <div className="column">
      <div className="toolbar">
        <SearchBox value={filter} onChange={setFilter} placeholder="Filter items" testId="recovered-filter" />
      </div>
      <QueryView query={query} what="recovered files and buffers">
        {(view) => <Body archiveId={archiveId} view={view} filter={filter} />}
      </QueryView>
    </div>
  );
}
