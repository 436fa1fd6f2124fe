import { ErrorView } from '../../components/error-view';
import { IncompleteNotice } from '../../components/incomplete-notice';
import { VirtualTable } from '../../components/virtual-table';
import { formatBytes, plural } from '../../lib/format';
import { jumpToMemory } from '../../stores/memory-jump-store';
import { MAX_SHOWN, cancelSearch, startSearch, useSearch } from '../../stores/search-store';
import { SearchForm } from './search-form';
import { searchColumnsFor } from './search-columns';
import { SearchExport } from './search-export';

/** Memory search as a job: matches stream in as they are found; a click shows the bytes in the hex viewer. */
export function SearchTab({ archiveId }: { archiveId: string }) {
  const search = useSearch(archiveId);
  const running = search.jobId !== null || (search.fraction === 0 && !search.error && !search.summary);
  const percent = search.fraction === null ? null : Math.round(search.fraction * 100);
  const patterns = search.args ? [search.args, ...(search.args.also ?? [])] : [];
  return (
    <div className="column" data-testid="memory-search">
      <SearchForm
        archiveId={archiveId}
        running={running}
        cancelling={search.cancelling}
        initial={search.args}
        onStart={(args) => void startSearch(archiveId, args)}
        onCancel={() => void cancelSearch(archiveId)}
      />
      {running && (
        <div className="toolbar" role="status" data-testid="search-progress">
          <progress max={100} value={percent ?? undefined} />
          <span className="muted">
            {percent !== null ? `${percent}%` : ''} {search.phase ?? ''} —{' '}
            {plural(search.matches.length, 'match', 'matches')} so far
          </span>
        </div>
      )}
      {search.error && <ErrorView error={search.error} title="Search failed" compact />}
      {search.summary && (
        <p
          className="toolbar muted"
          data-testid="search-summary"
          data-count={search.summary.matchCount}
          data-complete={String(search.summary.complete)}
        >
          {search.summary.complete ? '' : 'Incomplete: '}
          {plural(search.summary.matchCount, 'match', 'matches')}
          {search.summary.truncated ? ' (limit reached, more may exist)' : ''} in{' '}
          {plural(search.summary.processCount, 'process', 'processes')}, {formatBytes(search.summary.bytesSearched)}{' '}
          searched in {search.summary.seconds.toFixed(2)} s
          {search.summary.matchCount > MAX_SHOWN ? `; the first ${MAX_SHOWN.toLocaleString()} are listed` : ''}
          {search.summary.problems.length > 0 ? `; ${plural(search.summary.problems.length, 'problem')}` : ''}
        </p>
      )}
      {search.summary && search.args && (
        <SearchExport matches={search.matches} patterns={patterns} summary={search.summary} />
      )}
      {search.summary && (
        <IncompleteNotice
          complete={search.summary.complete}
          problems={search.summary.problems}
          what="memory search"
          testId="search-skipped"
        />
      )}
      <VirtualTable
        rows={search.matches}
        columns={searchColumnsFor(patterns.map((p) => p.query))}
        rowKey={(m) => `${m.pid}:${m.address}:${m.encoding}:${m.pattern ?? 0}`}
        rowTestId={(m) => `match-${m.pid}-0x${m.address.toString(16)}`}
        onSelect={(m) => jumpToMemory(archiveId, m.pid, m.address, m.length)}
        label="Matches"
        testId="search-matches"
      />
    </div>
  );
}
