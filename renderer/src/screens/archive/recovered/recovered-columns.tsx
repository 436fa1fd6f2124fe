import type { RecoveredItem } from '../../../../../shared/dto';
import type { Column } from '../../../components/virtual-table';
import { formatBytes } from '../../../lib/format';

export const KIND_LABELS: Record<RecoveredItem['kind'], string> = {
  'ghost-file': 'Deleted file',
  memfd: 'memfd',
  pipe: 'Pipe',
  fifo: 'FIFO',
  tty: 'Terminal',
  'socket-queue': 'Socket queue',
  'tcp-in': 'TCP in queue',
  'tcp-out': 'TCP out queue',
};

export const ownersText = (item: RecoveredItem): string =>
  item.owners.length === 0 ? '—' : item.owners.map((o) => `${o.pid}:${o.fd}${o.role ? ` (${o.role})` : ''}`).join(', ');

export const recoveredColumns: Column<RecoveredItem>[] = [
  {
    key: 'kind',
    title: 'Kind',
    width: '130px',
    sortValue: (r) => r.kind,
    render: (r) => <span data-testid="recovered-kind">{KIND_LABELS[r.kind]}</span>,
  },
  {
    key: 'label',
    title: 'Name',
    width: 'minmax(220px, 2fr)',
    sortValue: (r) => r.label,
    render: (r) => <span className="mono">{r.label}</span>,
  },
  {
    key: 'owners',
    title: 'PID:FD',
    width: 'minmax(120px, 1fr)',
    sortValue: (r) => ownersText(r),
    render: (r) => <span className="mono">{ownersText(r)}</span>,
  },
  {
    key: 'size',
    title: 'Size',
    width: '110px',
    numeric: true,
    sortValue: (r) => r.size,
    render: (r) => (
      <span title={r.declaredSize === null ? undefined : `the image declares ${r.declaredSize} bytes`}>
        {formatBytes(r.size)}
        {r.declaredSize !== null && ' (cut)'}
      </span>
    ),
  },
  {
    key: 'preview',
    title: 'Preview',
    width: 'minmax(200px, 2fr)',
    render: (r) => (
      <span className="mono muted">
        {r.preview.encoding === 'text' ? r.preview.text.slice(0, 80) : r.preview.text.split('\n')[0]?.slice(10, 57)}
      </span>
    ),
  },
];
