import type { CustodyEntry } from '../../../../../shared/dto';
import { QueryView } from '../../../components/query-view';
import { VirtualTable, type Column } from '../../../components/virtual-table';
import { useQuery } from '../../../lib/use-query';

type Row = CustodyEntry & { line: number };

const columns: Column<Row>[] = [
  { key: 'at', title: 'When (UTC)', width: '200px', sortValue: (e) => e.at, render: (e) => e.at },
  { key: 'action', title: 'Action', width: '80px', sortValue: (e) => e.action, render: (e) => e.action },
  {
    key: 'who',
    title: 'Who',
    width: '150px',
    render: (e) => `${e.user.name ?? '?'} (${e.user.uid ?? '?'})@${e.host}`,
  },
  {
    key: 'what',
    title: 'What',
    width: 'minmax(160px, 2fr)',
    render: (e) => (
      <span title={e.target ?? ''}>{[e.what, e.target].filter((x) => x !== undefined).join(' → ') || '—'}</span>
    ),
  },
  {
    key: 'archive',
    title: 'Archive',
    width: 'minmax(160px, 2fr)',
    render: (e) => (
      <span className="mono" title={`${e.archive.path}\nsha256 ${e.archive.sha256 ?? 'not known yet'}`}>
        {e.archive.path}
      </span>
    ),
  },
];

/** The custody log of this account: every host's opens, hashes, verifies and exports, as written. */
export function CustodyPanel() {
  const query = useQuery('custody.list', {});
  return (
    <section className="column" aria-label="Custody log">
      <div className="toolbar">
        <h3>Custody log</h3>
        <button className="btn small" onClick={query.reload} data-testid="custody-reload">
          Reload
        </button>
        {query.data && <span className="muted mono">{query.data.file}</span>}
      </div>
      <QueryView query={query} what="the custody log">
        {(log) => (
          <>
            {log.broken.length > 0 && (
              <ul className="error" data-testid="custody-broken">
                {log.broken.map((b) => (
                  <li key={b.line}>
                    line {b.line} is broken ({b.reason}): <span className="mono">{b.text}</span>
                  </li>
                ))}
              </ul>
            )}
            {log.omitted ? <p className="muted">{log.omitted} older entries not shown (the CLI prints all).</p> : null}
            <div className="grow-pane">
              <VirtualTable
                rows={[...log.entries].reverse()}
                columns={columns}
                rowKey={(e) => String(e.line)}
                rowTestId={(e) => `custody-row-${e.action}`}
                label="Custody log"
                testId="custody-table"
              />
            </div>
          </>
        )}
      </QueryView>
    </section>
  );
}
