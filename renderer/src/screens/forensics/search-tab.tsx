import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { MemoryMatch, SearchKind, SearchSummary } from '../../../../shared/dto';
import { getApi } from '../../api';
import { VirtualTable, type Column } from '../../components/virtual-table';

const MAX_SHOWN = 10_000;

function preview(hex: string): string {
  let out = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const b = parseInt(hex.slice(i, i + 2), 16);
    out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  }
  return out;
}

const columns: Column<MemoryMatch>[] = [
  { key: 'pid', title: 'PID', width: '70px', render: (m) => m.pid, sortValue: (m) => m.pid, numeric: true },
  { key: 'comm', title: 'Process', width: '120px', render: (m) => m.comm, sortValue: (m) => m.comm },
  {
    key: 'address',
    title: 'Address',
    width: '150px',
    render: (m) => `0x${m.address.toString(16)}`,
    sortValue: (m) => m.address,
  },
  {
    key: 'vma',
    title: 'VMA',
    width: 'minmax(200px, 2fr)',
    render: (m) =>
      m.vma ? `${m.vma.start.toString(16)}-${m.vma.end.toString(16)} ${m.vma.prot} ${m.vma.file ?? ''}` : '—',
  },
  { key: 'encoding', title: 'Encoding', width: '80px', render: (m) => m.encoding },
  {
    key: 'context',
    title: 'Context',
    width: 'minmax(200px, 3fr)',
    render: (m) => <span className="mono">{preview(m.context)}</span>,
  },
];

/** Memory search as a job: matches stream in as they are found; cancellable. */
export function SearchTab({ archiveId }: { archiveId: string }) {
  const [kind, setKind] = useState<SearchKind>('text');
  const [query, setQuery] = useState('');
  const [ignoreCase, setIgnoreCase] = useState(false);
  const [utf16, setUtf16] = useState(false);
  const [matches, setMatches] = useState<MemoryMatch[]>([]);
  const [jobId, setJobId] = useState<string | null>(null);
  const [fraction, setFraction] = useState<number | null>(null);
  const [summary, setSummary] = useState<SearchSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Events may arrive before the job id does: keep them until it is known.
  const current = useRef<string | null>(null);
  const early = useRef<{ jobId: string; matches: MemoryMatch[] }[]>([]);

  useEffect(() => {
    const api = getApi();
    const offs = [
      api.on('search.results', (e) => {
        if (current.current === null) early.current.push(e);
        else if (e.jobId === current.current) setMatches((m) => (m.length >= MAX_SHOWN ? m : [...m, ...e.matches]));
      }),
      api.on('job.progress', (p) => {
        if (p.jobId === current.current) setFraction(p.fraction);
      }),
      api.on('job.finished', (o) => {
        if (o.jobId !== current.current) return;
        current.current = null;
        setJobId(null);
        if (o.ok) setSummary(o.result as SearchSummary);
        else setError(o.error.message);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, []);

  const start = (e: FormEvent) => {
    e.preventDefault();
    if (!query || jobId) return;
    setMatches([]);
    setSummary(null);
    setError(null);
    setFraction(0);
    early.current = [];
    current.current = null;
    getApi()
      .invoke('search.start', { archiveId, kind, query, ignoreCase, utf16 })
      .then(({ jobId: id }) => {
        current.current = id;
        setJobId(id);
        const mine = early.current.filter((x) => x.jobId === id).flatMap((x) => x.matches);
        early.current = [];
        if (mine.length > 0) setMatches((m) => [...m, ...mine]);
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  const cancel = () => {
    if (jobId)
      getApi()
        .invoke('job.cancel', { jobId })
        .catch(() => undefined);
  };

  return (
    <div className="column" data-testid="memory-search">
      <form className="toolbar" onSubmit={start}>
        <select value={kind} onChange={(e) => setKind(e.target.value as SearchKind)} aria-label="Pattern kind">
          <option value="text">Text</option>
          <option value="hex">Hex bytes</option>
          <option value="regex">Regular expression</option>
        </select>
        <input
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={kind === 'hex' ? 'de ad be ef' : 'Search memory'}
          aria-label="Pattern"
          data-testid="search-query"
        />
        <label>
          <input type="checkbox" checked={ignoreCase} onChange={(e) => setIgnoreCase(e.target.checked)} /> Ignore case
        </label>
        {kind === 'text' && (
          <label>
            <input type="checkbox" checked={utf16} onChange={(e) => setUtf16(e.target.checked)} /> UTF-16LE too
          </label>
        )}
        {jobId ? (
          <button type="button" onClick={cancel}>
            Cancel {fraction !== null ? `${Math.round(fraction * 100)}%` : ''}
          </button>
        ) : (
          <button type="submit" disabled={!query} data-testid="search-start">
            Search
          </button>
        )}
      </form>
      {error && <p className="error-text">{error}</p>}
      {summary && (
        <p className="muted" data-testid="search-summary">
          {summary.matchCount} match(es){summary.truncated ? ' (limit reached)' : ''} in {summary.processCount}{' '}
          process(es)
        </p>
      )}
      <VirtualTable
        rows={matches}
        columns={columns}
        rowKey={(m) => `${m.pid}:${m.address}:${m.encoding}`}
        label="Matches"
        testId="search-matches"
      />
    </div>
  );
}
