import { ChevronDown } from 'lucide-react';
import { useMemo, useState } from 'react';
import { EmptyState } from '../../../components/empty-state';
import { ErrorView } from '../../../components/error-view';
import { Loading } from '../../../components/loading';
import { SearchBox } from '../../../components/search-box';
import { TextView } from '../../../components/text-view';
import { formatBytes } from '../../../lib/format';
import { useLog } from './use-log';

export function LogTab({ archiveId }: { archiveId: string }) {
  const log = useLog(archiveId);
  const [query, setQuery] = useState('');
  const [hit, setHit] = useState(0);
  const matches = useMemo(() => {
    const needle = query.trim().toLowerCase();
    if (!needle || !log.text) return [];
    const out: number[] = [];
    log.text.split(/\r?\n/).forEach((line, i) => {
      if (line.toLowerCase().includes(needle)) out.push(i);
    });
    return out;
  }, [log.text, query]);
  if (log.error) return <ErrorView error={log.error} title="Could not read dump.log" />;
  if (log.text === null) return <Loading label="Reading dump.log…" />;
  if (log.total === 0) return <EmptyState>dump.log is empty.</EmptyState>;
  const current = matches.length ? matches[hit % matches.length] : null;
  return (
    <div className="column">
      <div className="toolbar">
        <SearchBox
          value={query}
          onChange={(v) => {
            setQuery(v);
            setHit(0);
          }}
          placeholder="Search dump.log"
          testId="log-search"
        />
        {query.trim() && (
          <>
            <span className="muted" data-testid="log-matches">
              {matches.length === 0 ? 'no match' : `${(hit % matches.length) + 1} of ${matches.length}`}
            </span>
            <button className="btn" disabled={matches.length === 0} onClick={() => setHit((h) => h + 1)}>
              <ChevronDown size={14} aria-hidden /> Next
            </button>
          </>
        )}
        <span className="muted">
          {formatBytes(log.loaded)} of {formatBytes(log.total)}
        </span>
        {log.more && (
          <button className="btn" onClick={log.more}>
            Read more
          </button>
        )}
      </div>
      <TextView text={log.text} language="plain" mark={query} scrollToLine={current} testId="log-text" />
    </div>
  );
}
