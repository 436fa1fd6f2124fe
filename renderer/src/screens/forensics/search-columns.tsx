import type { MemoryMatch } from '../../../../shared/dto';
import type { Column } from '../../components/virtual-table';
import { hexAddress } from '../../lib/format';

function bytesOf(hex: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
  return out;
}

/** The context bytes as hex and ASCII, the matched bytes marked. */
export function ContextCell({ match }: { match: MemoryMatch }) {
  const bytes = bytesOf(match.context);
  const from = match.address - match.contextAddress;
  const to = from + match.length;
  const cls = (i: number) => (i >= from && i < to ? 'hit' : undefined);
  return (
    <span className="match-context mono" title={`context from ${hexAddress(match.contextAddress)}`}>
      <span className="match-ascii" data-testid="match-ascii">
        {bytes.map((b, i) => (
          <span key={i} className={cls(i)}>
            {b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'}
          </span>
        ))}
      </span>
      <span className="match-hex">
        {bytes.map((b, i) => (
          <span key={i} className={cls(i)}>
            {b.toString(16).padStart(2, '0')}
          </span>
        ))}
      </span>
    </span>
  );
}

const vmaText = (m: MemoryMatch) =>
  m.vma ? `${m.vma.start.toString(16)}-${m.vma.end.toString(16)} ${m.vma.prot} ${m.vma.file ?? '[anon]'}` : '(no VMA)';

const searchColumns: Column<MemoryMatch>[] = [
  { key: 'pid', title: 'PID', width: '60px', render: (m) => m.pid, sortValue: (m) => m.pid, numeric: true },
  { key: 'comm', title: 'Process', width: '100px', render: (m) => m.comm, sortValue: (m) => m.comm },
  {
    key: 'address',
    title: 'Address',
    width: '130px',
    render: (m) => <span className="mono">{hexAddress(m.address)}</span>,
    sortValue: (m) => m.address,
  },
  {
    key: 'vma',
    title: 'VMA',
    width: 'minmax(180px, 1.3fr)',
    render: (m) => (
      <span className="mono" title={vmaText(m)}>
        {vmaText(m)}
      </span>
    ),
    sortValue: (m) => m.vma?.start ?? -1,
  },
  { key: 'encoding', title: 'As', width: '64px', render: (m) => m.encoding, sortValue: (m) => m.encoding },
  { key: 'context', title: 'Context', width: 'minmax(300px, 3fr)', render: (m) => <ContextCell match={m} /> },
];

/** The columns, with a Pattern column when the search had several (`patterns`: each one's query, by index). */
export function searchColumnsFor(patterns: readonly string[]): Column<MemoryMatch>[] {
  if (patterns.length < 2) return searchColumns;
  const patternOf = (m: MemoryMatch) => `#${(m.pattern ?? 0) + 1} ${patterns[m.pattern ?? 0] ?? ''}`;
  const column: Column<MemoryMatch> = {
    key: 'pattern',
    title: 'Pattern',
    width: 'minmax(100px, 0.8fr)',
    render: (m) => (
      <span className="mono" title={patternOf(m)} data-testid="match-pattern">
        {patternOf(m)}
      </span>
    ),
    sortValue: (m) => m.pattern ?? 0,
  };
  return [...searchColumns.slice(0, 3), column, ...searchColumns.slice(3)];
}
