import type { TimelineEvent } from '../../../../../shared/dto';
import { Badge } from '../../../components/badge';
import type { Column } from '../../../components/virtual-table';

/** A timeline row with its place in the sorted list (the table's key). */
export type TimelineRow = TimelineEvent & { index: number };

export const timelineColumns: Column<TimelineRow>[] = [
  {
    key: 'time',
    title: 'Time (UTC)',
    width: 'minmax(170px, 1.2fr)',
    sortValue: (e) => e.epochUs,
    render: (e) => (
      <span className="mono" title={e.local} data-testid="timeline-time">
        {e.time}
      </span>
    ),
  },
  {
    key: 'local',
    title: 'Local',
    width: 'minmax(170px, 1.2fr)',
    render: (e) => <span className="mono">{e.local}</span>,
  },
  {
    key: 'relative',
    title: 'Relative',
    width: 'minmax(110px, 1fr)',
    sortValue: (e) => e.relativeMs ?? 0,
    render: (e) => <span data-testid="timeline-relative">{e.relative ?? '—'}</span>,
  },
  {
    key: 'source',
    title: 'Source',
    width: '90px',
    sortValue: (e) => e.source,
    render: (e) => <span data-testid="timeline-source">{e.source}</span>,
  },
  {
    key: 'what',
    title: 'What',
    width: 'minmax(200px, 3fr)',
    render: (e) => (
      <span title={e.label} data-testid="timeline-label">
        {e.label} {e.derived && <Badge tone="muted">derived</Badge>}
      </span>
    ),
  },
  {
    key: 'from',
    title: 'From',
    width: 'minmax(130px, 1.5fr)',
    render: (e) => (
      <span className="mono" title={`${e.member} ${e.field}`}>
        {e.member} {e.field}
      </span>
    ),
  },
];
