import { Download } from 'lucide-react';
import { useState } from 'react';
import type { RecoveredItem, RecoveredSearch } from '../../../../../shared/dto';
import { MAX_RANGE } from '../../../../../shared/schemas';
import { getApi } from '../../../api';
import { ErrorView } from '../../../components/error-view';
import { fromBase64 } from '../../../lib/bytes';
import { toInfo } from '../../../lib/errors';
import { formatBytes } from '../../../lib/format';
import type { ErrorInfo } from '../../../../../shared/errors';
import { KIND_LABELS, ownersText } from './recovered-columns';

/** The browser host has no save dialog: the item is read page by page and downloaded (bounded). */
const MAX_DOWNLOAD = 256 * 1024 * 1024;

async function download(archiveId: string, item: RecoveredItem, name: string): Promise<void> {
  if (item.size > MAX_DOWNLOAD) throw new Error(`${formatBytes(item.size)} is more than a browser download here holds`);
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < item.size; offset += MAX_RANGE) {
    const length = Math.min(MAX_RANGE, item.size - offset);
    const page = await getApi().invoke('inspect.readRecovered', { archiveId, id: item.id, offset, length });
    parts.push(fromBase64(page.data));
  }
  const url = URL.createObjectURL(new Blob(parts as Uint8Array<ArrayBuffer>[], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const downloadName = (item: RecoveredItem) => `${item.id.replace(/[^A-Za-z0-9._-]/g, '-')}.bin`;

function Search({ archiveId, item }: { archiveId: string; item: RecoveredItem }) {
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<'text' | 'hex'>('text');
  const [result, setResult] = useState<RecoveredSearch | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const run = () => {
    setError(null);
    getApi()
      .invoke('inspect.searchRecovered', { archiveId, id: item.id, query, kind })
      .then(setResult, (e: unknown) => setError(toInfo(e)));
  };
  return (
    <div className="column">
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          if (query) run();
        }}
      >
        <input
          className="input"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={kind === 'hex' ? 'de ad be ef' : 'Search in this item'}
          aria-label="Search in this item"
          data-testid="recovered-search-input"
        />
        <select value={kind} onChange={(e) => setKind(e.target.value as 'text' | 'hex')} aria-label="Search as">
          <option value="text">text</option>
          <option value="hex">hex</option>
        </select>
        <button className="btn" type="submit" disabled={!query} data-testid="recovered-search">
          Search
        </button>
      </form>
      {error && <ErrorView error={error} title="Could not search" compact />}
      {result && (
        <div data-testid="recovered-matches">
          <p className="muted" data-testid="recovered-match-count">
            {result.matches.length} match{result.matches.length === 1 ? '' : 'es'}
            {result.complete ? '' : ' (stopped at the limit)'}
          </p>
          <ul className="mono">
            {result.matches.map((m) => (
              <li key={m.offset} data-testid="recovered-match">
                {m.offset}: {m.context.slice(0, m.at)}
                <mark>{m.context.slice(m.at, m.at + Math.max(1, m.context.length - m.at))}</mark>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** One item: its facts, its preview, save and search. */
export function RecoveredDetail({ archiveId, item }: { archiveId: string; item: RecoveredItem }) {
  const [saveState, setSaveState] = useState<string | null>(null);
  const save = () => {
    setSaveState('Saving…');
    getApi()
      .invoke('inspect.saveRecovered', { archiveId, id: item.id })
      .then(
        (r) => setSaveState(r.saved ? 'Saved.' : 'Not saved.'),
        (e: unknown) => {
          const info = toInfo(e);
          if (info.code !== 'UNSUPPORTED') return setSaveState(`Could not save: ${info.message}`);
          download(archiveId, item, downloadName(item)).then(
            () => setSaveState('Downloaded.'),
            (d: unknown) => setSaveState(`Could not download: ${toInfo(d).message}`),
          );
        },
      );
  };
  return (
    <div className="column" data-testid="recovered-detail">
      <div className="toolbar">
        <strong>{KIND_LABELS[item.kind]}</strong>
        <span className="mono wrap" data-testid="recovered-detail-label">
          {item.label}
        </span>
        <span className="muted">
          {formatBytes(item.size)}
          {item.declaredSize !== null && ` of ${formatBytes(item.declaredSize)} declared`} · {ownersText(item)} ·{' '}
          {item.member}
        </span>
        <button className="btn" onClick={save} disabled={item.size === 0} data-testid="recovered-save">
          <Download size={14} aria-hidden /> Save…
        </button>
        {saveState && (
          <span className="muted" role="status" data-testid="recovered-save-state">
            {saveState}
          </span>
        )}
      </div>
      <dl className="muted mono" data-testid="recovered-details">
        {Object.entries(item.details)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => (
            <span key={k}>
              {k}={String(v)}{' '}
            </span>
          ))}
      </dl>
      <pre className="mono wrap" data-testid="recovered-preview" data-encoding={item.preview.encoding}>
        {item.preview.text}
        {item.preview.truncated && '\n…'}
      </pre>
      <Search key={item.id} archiveId={archiveId} item={item} />
    </div>
  );
}
