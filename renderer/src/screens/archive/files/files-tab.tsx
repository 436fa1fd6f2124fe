import { useMemo, useState } from 'react';
import type { FileRow, SocketRow } from '../../../../../shared/dto';
import { ProblemsBanner } from '../../../components/problems-banner';
import { QueryView } from '../../../components/query-view';
import { SearchBox } from '../../../components/search-box';
import { VirtualTable } from '../../../components/virtual-table';
import { filterRows } from '../../../lib/filter-rows';
import { useQuery } from '../../../lib/use-query';
import { fileColumns, socketColumns } from './file-columns';

type Kind = 'files' | 'sockets';

function FilesTable({ rows, query }: { rows: FileRow[]; query: string }) {
  const shown = useMemo(() => filterRows(rows, query), [rows, query]);
  const [selected, setSelected] = useState<string | null>(null);
  const key = (r: FileRow) => `${r.pid}:${r.fd}`;
  return (
    <VirtualTable
      rows={shown}
      columns={fileColumns(true)}
      rowKey={key}
      rowTestId={(r) => `file-row-${r.pid}-${r.fd}`}
      selectedKey={selected}
      onSelect={(r) => setSelected(key(r))}
      label="Open files"
      testId="files-table"
    />
  );
}

function SocketsTable({ rows, query }: { rows: SocketRow[]; query: string }) {
  const shown = useMemo(() => filterRows(rows, query), [rows, query]);
  const [selected, setSelected] = useState<string | null>(null);
  const key = (r: SocketRow) => `${r.pid}:${r.fd}`;
  return (
    <VirtualTable
      rows={shown}
      columns={socketColumns(true)}
      rowKey={key}
      rowTestId={(r) => `socket-row-${r.pid}-${r.fd}`}
      selectedKey={selected}
      onSelect={(r) => setSelected(key(r))}
      label="Sockets"
      testId="sockets-table"
    />
  );
}

export function FilesTab({ archiveId }: { archiveId: string }) {
  const [kind, setKind] = useState<Kind>('files');
  const [query, setQuery] = useState('');
  const files = useQuery('inspect.files', kind === 'files' ? { archiveId } : null);
  const sockets = useQuery('inspect.sockets', kind === 'sockets' ? { archiveId } : null);
  return (
    <div className="column">
      <div className="toolbar">
        <div className="segmented" role="tablist">
          {(['files', 'sockets'] as const).map((k) => (
            <button
              key={k}
              role="tab"
              aria-selected={kind === k}
              className={kind === k ? 'subtab active' : 'subtab'}
              onClick={() => setKind(k)}
              data-testid={`files-kind-${k}`}
            >
              {k === 'files' ? 'Open files' : 'Sockets'}
            </button>
          ))}
        </div>
        <SearchBox value={query} onChange={setQuery} placeholder={`Filter ${kind}`} testId="files-filter" />
      </div>
      <div className="grow-pane">
        {kind === 'files' ? (
          <QueryView query={files} what="open files" isEmpty={(v) => v.rows.length === 0 && v.problems.length === 0}>
            {(v) => (
              <>
                <ProblemsBanner problems={v.problems} what="open files" testId="files-problems" />
                <FilesTable rows={v.rows} query={query} />
              </>
            )}
          </QueryView>
        ) : (
          <QueryView query={sockets} what="sockets" isEmpty={(v) => v.rows.length === 0 && v.problems.length === 0}>
            {(v) => (
              <>
                <ProblemsBanner problems={v.problems} what="sockets" testId="sockets-problems" />
                <SocketsTable rows={v.rows} query={query} />
              </>
            )}
          </QueryView>
        )}
      </div>
    </div>
  );
}
