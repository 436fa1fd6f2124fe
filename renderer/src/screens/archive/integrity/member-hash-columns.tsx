import type { MemberHash, VerifyRow } from '../../../../../shared/dto';
import { Badge } from '../../../components/badge';
import type { Column } from '../../../components/virtual-table';
import { formatBytes } from '../../../lib/format';

export const memberHashColumns: Column<MemberHash>[] = [
  {
    key: 'name',
    title: 'Member',
    width: 'minmax(200px, 2fr)',
    sortValue: (m) => m.name,
    render: (m) => (
      <span className="mono" title={m.name}>
        {m.name}
      </span>
    ),
  },
  { key: 'type', title: 'Type', width: '90px', sortValue: (m) => m.type, render: (m) => m.type },
  {
    key: 'size',
    title: 'Size',
    width: '90px',
    numeric: true,
    sortValue: (m) => m.size,
    render: (m) => formatBytes(m.size),
  },
  {
    key: 'sha256',
    title: 'SHA-256',
    width: 'minmax(300px, 3fr)',
    sortValue: (m) => m.sha256 ?? '',
    render: (m) => (
      <span className="mono" title={m.sha256 ?? 'no content'} data-testid="member-sha256">
        {m.sha256 ?? '—'}
      </span>
    ),
  },
];

const TONE = { same: 'ok', differs: 'bad', missing: 'warn', extra: 'warn' } as const;

export const verifyColumns: Column<VerifyRow>[] = [
  {
    key: 'status',
    title: 'Status',
    width: '90px',
    sortValue: (r) => r.status,
    render: (r) => <Badge tone={TONE[r.status]}>{r.status}</Badge>,
  },
  {
    key: 'name',
    title: 'Name',
    width: 'minmax(200px, 2fr)',
    sortValue: (r) => r.name,
    render: (r) => (
      <span className="mono" title={r.name} data-testid="verify-name">
        {r.isArchive ? `${r.name} (the archive)` : r.name}
      </span>
    ),
  },
  {
    key: 'expected',
    title: 'Expected',
    width: 'minmax(160px, 2fr)',
    render: (r) => (
      <span className="mono" title={r.expected ?? ''}>
        {r.expected ?? '—'}
      </span>
    ),
  },
  {
    key: 'actual',
    title: 'Actual',
    width: 'minmax(160px, 2fr)',
    render: (r) => (
      <span className="mono" title={r.actual ?? ''}>
        {r.actual ?? '—'}
      </span>
    ),
  },
];

/** `columns` plus a SHA-256 column of each row's member, when the hashes are known. */
export function withHashColumn<T extends { name: string }>(
  columns: Column<T>[],
  known: Map<string, string | null> | null,
): Column<T>[] {
  if (!known) return columns;
  const sha = (row: T) => known.get(row.name) ?? null;
  return [
    ...columns,
    {
      key: 'sha256',
      title: 'SHA-256',
      width: 'minmax(160px, 2fr)',
      sortValue: (row) => sha(row) ?? '',
      render: (row) => (
        <span className="mono" title={sha(row) ?? ''} data-testid="image-sha256">
          {sha(row) ?? '—'}
        </span>
      ),
    },
  ];
}
