import { useMemo, useState } from 'react';
import type { MountRow } from '../../../../../shared/dto';
import { ProblemsBanner } from '../../../components/problems-banner';
import { QueryView } from '../../../components/query-view';
import { SearchBox } from '../../../components/search-box';
import { VirtualTable } from '../../../components/virtual-table';
import { filterRows } from '../../../lib/filter-rows';
import { useQuery } from '../../../lib/use-query';
import { mountColumns } from './mount-columns';

type Source = 'all' | MountRow['source'];
const SOURCES: { id: Source; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'spec', label: 'OCI spec' },
  { id: 'criu', label: 'CRIU' },
];

const keyOf = (m: MountRow) => `${m.source}:${m.destination}:${m.sourcePath}`;

function MountsTable({ rows }: { rows: MountRow[] }) {
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <VirtualTable
      rows={rows}
      columns={mountColumns}
      rowKey={keyOf}
      rowTestId={(m) => `mount-row-${m.source}-${m.destination}`}
      selectedKey={selected}
      onSelect={(m) => setSelected(keyOf(m))}
      label="Mounts"
      testId="mounts-table"
    />
  );
}

/** The container's mounts: from the OCI spec and, when present, CRIU's mountpoints. */
export function MountsTab({ archiveId }: { archiveId: string }) {
  const query = useQuery('inspect.mounts', { archiveId });
  const [filter, setFilter] = useState('');
  const [source, setSource] = useState<Source>('all');
  const rows = useMemo(
    () =>
      filterRows(
        (query.data?.rows ?? []).filter((m) => source === 'all' || m.source === source),
        filter,
      ),
    [query.data, filter, source],
  );
  return (
    <div className="column">
      <div className="toolbar">
        <div className="segmented" role="tablist" aria-label="Where the mounts come from">
          {SOURCES.map((s) => (
            <button
              key={s.id}
              role="tab"
              aria-selected={source === s.id}
              className={source === s.id ? 'subtab active' : 'subtab'}
              onClick={() => setSource(s.id)}
              data-testid={`mounts-source-${s.id}`}
            >
              {s.label}
            </button>
          ))}
        </div>
        <SearchBox value={filter} onChange={setFilter} placeholder="Filter mounts" testId="mounts-filter" />
        <span className="muted">{query.data ? `${rows.length} of ${query.data.rows.length} mounts` : ''}</span>
      </div>
      <div className="grow-pane">
        <QueryView query={query} what="mounts" isEmpty={(v) => v.rows.length === 0 && v.problems.length === 0}>
          {(v) => (
            <>
              <ProblemsBanner problems={v.problems} what="mounts" testId="mounts-problems" />
              <MountsTable rows={rows} />
            </>
          )}
        </QueryView>
      </div>
    </div>
  );
}
