import { Plus, Search, X } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { SearchKind } from '../../../../shared/dto';
import { useQuery } from '../../lib/use-query';
import type { SearchArgs } from '../../stores/search-store';

interface Props {
  archiveId: string;
  running: boolean;
  cancelling: boolean;
  initial: SearchArgs | null;
  onStart: (args: SearchArgs) => void;
  onCancel: () => void;
}

// Bytes each side of a match: enough to read the surroundings, short enough for one table row.
const CONTEXT = 12;

function problemOf(kind: SearchKind, query: string): string | null {
  if (kind === 'hex' && !/^(\s*[0-9a-fA-F]{2})+\s*$/.test(query.replace(/^0x/i, '')))
    return 'Hex bytes, e.g. de ad be ef';
  if (kind === 'regex') {
    try {
      new RegExp(query);
    } catch {
      return 'Not a valid regular expression';
    }
  }
  return null;
}

const KindOptions = () => (
  <>
    <option value="text">Text</option>
    <option value="hex">Hex bytes</option>
    <option value="regex">Regular expression</option>
  </>
);

/** The query box, its options and the process picker; Search turns into Cancel while the job runs. */
export function SearchForm({ archiveId, running, cancelling, initial, onStart, onCancel }: Props) {
  const processes = useQuery('inspect.processes', { archiveId });
  const [kind, setKind] = useState<SearchKind>(initial?.kind ?? 'text');
  const [query, setQuery] = useState(initial?.query ?? '');
  const [ignoreCase, setIgnoreCase] = useState(initial?.ignoreCase ?? false);
  const [utf16, setUtf16] = useState(initial?.utf16 ?? false);
  const [pid, setPid] = useState<number | null>(initial?.pid ?? null);
  const [more, setMore] = useState<{ kind: SearchKind; query: string }[]>(initial?.also ?? []);
  const [vmaFilter, setVmaFilter] = useState((initial?.filter ?? []).join(' '));
  const problem =
    (query ? problemOf(kind, query) : null) ??
    more
      .map((p, i) => (p.query ? problemOf(p.kind, p.query) : null) && `Pattern ${i + 2}: ${problemOf(p.kind, p.query)}`)
      .find(Boolean) ??
    null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!query || problem || running) return;
    const also = more.filter((p) => p.query.length > 0);
    const filter = vmaFilter.split(/\s+/).filter((w) => w.length > 0);
    const args: SearchArgs = {
      kind,
      query,
      ignoreCase,
      utf16: kind === 'text' && utf16,
      context: CONTEXT,
      ...(also.length > 0 ? { also } : {}),
      ...(filter.length > 0 ? { filter } : {}),
    };
    onStart(pid === null ? args : { ...args, pid });
  };
  const setMoreAt = (i: number, change: Partial<{ kind: SearchKind; query: string }>) =>
    setMore((list) => list.map((p, j) => (j === i ? { ...p, ...change } : p)));

  return (
    <form className="toolbar" onSubmit={submit} data-testid="search-form">
      <select
        value={kind}
        onChange={(e) => setKind(e.target.value as SearchKind)}
        aria-label="Pattern kind"
        data-testid="search-kind"
      >
        <KindOptions />
      </select>
      <input
        className="mono"
        style={{ flex: 1, minWidth: 220 }}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder={kind === 'hex' ? 'de ad be ef' : kind === 'regex' ? 'AKIA[0-9A-Z]{16}' : 'Search memory'}
        aria-label="Pattern"
        aria-invalid={problem !== null}
        spellCheck={false}
        data-testid="search-query"
      />
      <select
        value={pid ?? ''}
        onChange={(e) => setPid(e.target.value === '' ? null : Number(e.target.value))}
        aria-label="Process"
        data-testid="search-pid"
      >
        <option value="">All processes</option>
        {(processes.data ?? []).map((p) => (
          <option key={p.pid} value={p.pid}>
            {p.pid} {p.comm}
          </option>
        ))}
      </select>
      <label className="field">
        <input
          type="checkbox"
          checked={ignoreCase}
          onChange={(e) => setIgnoreCase(e.target.checked)}
          data-testid="search-ignore-case"
        />
        Ignore case
      </label>
      <label className="field" title={kind === 'text' ? undefined : 'Only for text'}>
        <input
          type="checkbox"
          checked={kind === 'text' && utf16}
          disabled={kind !== 'text'}
          onChange={(e) => setUtf16(e.target.checked)}
          data-testid="search-utf16"
        />
        UTF-16LE too
      </label>
      <button
        type="button"
        className="btn small"
        onClick={() => setMore((list) => [...list, { kind: 'text', query: '' }])}
        disabled={more.length >= 15}
        title="Search several patterns in one pass"
        data-testid="search-add-pattern"
      >
        <Plus size={12} aria-hidden /> Pattern
      </button>
      {running ? (
        <button type="button" className="btn" onClick={onCancel} disabled={cancelling} data-testid="search-cancel">
          <X size={14} aria-hidden /> {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      ) : (
        <button type="submit" className="btn primary" disabled={!query || problem !== null} data-testid="search-start">
          <Search size={14} aria-hidden /> Search
        </button>
      )}
      {problem && (
        <span className="field-error" role="alert">
          {problem}
        </span>
      )}
      {more.map((p, i) => (
        <span key={i} className="toolbar" data-testid={`search-pattern-${i + 2}`}>
          <span className="muted">#{i + 2}</span>
          <select
            value={p.kind}
            onChange={(e) => setMoreAt(i, { kind: e.target.value as SearchKind })}
            aria-label={`Pattern ${i + 2} kind`}
          >
            <KindOptions />
          </select>
          <input
            className="mono"
            value={p.query}
            onChange={(e) => setMoreAt(i, { query: e.target.value })}
            aria-label={`Pattern ${i + 2}`}
            spellCheck={false}
            data-testid={`search-query-${i + 2}`}
          />
          <button
            type="button"
            className="btn small"
            aria-label={`Remove pattern ${i + 2}`}
            onClick={() => setMore((list) => list.filter((_, j) => j !== i))}
          >
            <X size={12} aria-hidden />
          </button>
        </span>
      ))}
      <input
        className="mono"
        style={{ flexBasis: '100%' }}
        value={vmaFilter}
        onChange={(e) => setVmaFilter(e.target.value)}
        placeholder="VMA filter (optional): prot=rw type=anon,heap file=*libc* range=0x1000-0x2000"
        aria-label="VMA filter"
        spellCheck={false}
        data-testid="search-vma-filter"
      />
    </form>
  );
}
