import { useMemo, useState } from 'react';
import type { Timeline, TimelineSource } from '../../../../../shared/dto';
import { ProblemsBanner } from '../../../components/problems-banner';
import { QueryView } from '../../../components/query-view';
import { SearchBox } from '../../../components/search-box';
import { VirtualTable } from '../../../components/virtual-table';
import { filterRows } from '../../../lib/filter-rows';
import { useQuery } from '../../../lib/use-query';
import { timelineColumns, type TimelineRow } from './timeline-columns';

const SOURCE_LABELS: Record<TimelineSource, string> = {
  container: 'Container',
  checkpoint: 'Checkpoint',
  archive: 'Archive',
  rootfs: 'Rootfs diff',
  'ghost-file': 'Ghost files',
  'dump-log': 'dump.log',
  'container-log': 'Container log',
  stats: 'Stats',
  timer: 'Timers',
};

function TimelineBody({ t, filter, hidden }: { t: Timeline; filter: string; hidden: Set<TimelineSource> }) {
  const [selected, setSelected] = useState<string | null>(null);
  const rows = useMemo(
    () =>
      filterRows(
        t.events.map((e, index): TimelineRow => ({ ...e, index })).filter((e) => !hidden.has(e.source)),
        filter,
      ),
    [t, filter, hidden],
  );
  return (
    <>
      <ProblemsBanner problems={t.problems} what="the timeline" testId="timeline-problems" />
      <ul className="muted" data-testid="timeline-notes">
        {t.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
      <p className="muted" data-testid="timeline-count">
        {rows.length} of {t.events.length} times · relative to the checkpoint {t.anchor ?? '(unknown)'} · local zone{' '}
        {t.zone}
      </p>
      <VirtualTable
        rows={rows}
        columns={timelineColumns}
        rowKey={(e) => String(e.index)}
        rowTestId={(e) => `timeline-row-${e.source}`}
        selectedKey={selected}
        onSelect={(e) => setSelected(String(e.index))}
        label="Timeline"
        testId="timeline-table"
      />
    </>
  );
}

/** Every time the archive holds, sorted, filtered by source and text. */
export function TimelineTab({ archiveId }: { archiveId: string }) {
  const query = useQuery('inspect.timeline', { archiveId });
  const [filter, setFilter] = useState('');
  const [hidden, setHidden] = useState<Set<TimelineSource>>(new Set());
  const present = useMemo(() => new Set(query.data?.events.map((e) => e.source) ?? []), [query.data]);
  const toggle = (s: TimelineSource) =>
    setHidden((h) => {
      const next = new Set(h);
      if (next.has(s)) next.delete(s);
      else next.add(s);
      return next;
    });
  return (
    <div className="column">
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Sources shown">
          {(Object.keys(SOURCE_LABELS) as TimelineSource[])
            .filter((s) => present.has(s))
            .map((s) => (
              <button
                key={s}
                aria-pressed={!hidden.has(s)}
                className={hidden.has(s) ? 'subtab' : 'subtab active'}
                onClick={() => toggle(s)}
                data-testid={`timeline-source-${s}`}
              >
                {SOURCE_LABELS[s]}
              </button>
            ))}
        </div>
        <SearchBox value={filter} onChange={setFilter} placeholder="Filter times" testId="timeline-filter" />
      </div>
      <div className="grow-pane">
        <QueryView query={query} what="the timeline">
          {(t) => <TimelineBody t={t} filter={filter} hidden={hidden} />}
        </QueryView>
      </div>
    </div>
  );
}
