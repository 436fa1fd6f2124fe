import { Search, X } from 'lucide-react';
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

/** The query box, its options and the process picker; Search turns into Cancel while the job runs. */
export function SearchForm({ archiveId, running, cancelling, initial, onStart, onCancel }: Props) {
  const processes = useQuery('inspect.processes', { archiveId });
  const [kind, setKind] = useState<SearchKind>(initial?.kind ?? 'text');
  const [query, setQuery] = useState(initial?.query ?? '');
  const [ignoreCase, setIgnoreCase] = useState(initial?.ignoreCase ?? false);
  const [utf16, setUtf16] = useState(initial?.utf16 ?? false);
  const [pid, setPid] = useState<number | null>(initial?.pid ?? null);
  const problem = query ? problemOf(kind, query) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!query || problem || running) return;
    const args: SearchArgs = { kind, query, ignoreCase, utf16: kind === 'text' && utf16, context: CONTEXT };
    onStart(pid === null ? args : { ...args, pid });
  };

  return (
    <form className="toolbar" onSubmit={submit} data-testid="search-form">
      <select
        value={kind}
        onChange={(e) => setKind(e.target.value as SearchKind)}
        aria-label="Pattern kind"
        data-testid="search-kind"
      >
        <option value="text">Text</option>
        <option value="hex">Hex bytes</option>
        <option value="regex">Regular expression</option>
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
    </form>
  );
}
