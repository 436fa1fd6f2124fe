import { useCallback, useEffect, useRef, useState } from 'react';
import type { MemoryString } from '../../../../../shared/dto';
import type { ErrorInfo } from '../../../../../shared/errors';
import { getApi } from '../../../api';
import { ErrorView } from '../../../components/error-view';
import { VirtualTable, type Column } from '../../../components/virtual-table';
import { hexAddress } from '../../../lib/format';
import { toInfo } from '../../../lib/errors';

const PAGE = 1000;

interface Props {
  archiveId: string;
  pid: number;
  onPick: (address: number) => void;
}

const columns: Column<MemoryString>[] = [
  {
    key: 'address',
    title: 'Address',
    width: '140px',
    sortValue: (s) => s.address,
    render: (s) => <span className="mono">{hexAddress(s.address)}</span>,
  },
  {
    key: 'length',
    title: 'Len',
    width: '56px',
    numeric: true,
    sortValue: (s) => s.text.length,
    render: (s) => s.text.length,
  },
  { key: 'text', title: 'Text', width: 'minmax(200px, 1fr)', render: (s) => <span className="mono">{s.text}</span> },
];

/** Printable runs of at least N characters in a process's memory, read page by page in address order. */
export function StringsView({ archiveId, pid, onPick }: Props) {
  const [minLength, setMinLength] = useState(8);
  const [strings, setStrings] = useState<MemoryString[]>([]);
  const [next, setNext] = useState<number | null>(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  // Typing a new length starts a new read; an older read that answers late is dropped.
  const generation = useRef(0);

  const load = useCallback(
    (from: number, reset: boolean) => {
      const mine = reset ? ++generation.current : generation.current;
      setLoading(true);
      setError(null);
      getApi()
        .invoke('inspect.strings', { archiveId, pid, from, minLength, limit: PAGE })
        .then((page) => {
          if (mine !== generation.current) return;
          setStrings((s) => (reset ? page.strings : [...s, ...page.strings]));
          setNext(page.next);
        })
        .catch((e: unknown) => {
          if (mine === generation.current) setError(toInfo(e));
        })
        .finally(() => setLoading(false));
    },
    [archiveId, pid, minLength],
  );

  useEffect(() => {
    setStrings([]);
    load(0, true);
  }, [load]);

  return (
    <div className="column" data-testid="strings-view">
      <div className="toolbar">
        <label className="field">
          <span>Min. length</span>
          <input
            type="number"
            min={1}
            max={256}
            value={minLength}
            style={{ width: 64 }}
            data-testid="strings-min-length"
            onChange={(e) => setMinLength(Math.max(1, Math.min(256, Number(e.target.value) || 1)))}
          />
        </label>
        <span className="muted" data-testid="strings-count">
          {strings.length.toLocaleString()} strings{next !== null ? ' so far' : ''}
        </span>
        {next !== null && (
          <button className="btn small" disabled={loading} onClick={() => load(next, false)} data-testid="strings-more">
            {loading ? 'Reading…' : `Next ${PAGE}`}
          </button>
        )}
        {next !== null && <span className="muted">from {hexAddress(next)}</span>}
      </div>
      {error && <ErrorView error={error} title="Could not read strings" onRetry={() => load(next ?? 0, false)} />}
      <VirtualTable
        rows={strings}
        columns={columns}
        rowKey={(s) => String(s.address)}
        rowTestId={(s) => `string-${hexAddress(s.address)}`}
        onSelect={(s) => onPick(s.address)}
        label="Strings"
        testId="strings-table"
      />
    </div>
  );
}
