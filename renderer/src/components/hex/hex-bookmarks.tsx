import { Bookmark as BookmarkIcon, CornerDownRight, Download, Trash2 } from 'lucide-react';
import { downloadBlob } from '../../lib/download';
import { hexAddress } from '../../lib/format';
import type { BookmarkList } from './use-bookmarks';

interface Props {
  bookmarks: BookmarkList;
  onGo: (start: number, end: number) => void;
  /** The export's file name, without extension. */
  exportName: string;
}

/** The bookmarks of a hex view: rename in place, go to one, remove, export as JSON. */
export function HexBookmarks({ bookmarks, onGo, exportName }: Props) {
  const { list } = bookmarks;
  if (list.length === 0 && !bookmarks.problem) return null;
  const exportJson = () =>
    downloadBlob(
      [
        JSON.stringify(
          list.map(({ start, end, name }) => ({
            start: hexAddress(start),
            end: hexAddress(end),
            length: end - start,
            name,
          })),
          null,
          2,
        ),
      ],
      `${exportName}.bookmarks.json`,
      'application/json',
    );
  return (
    <section className="hx-bookmarks" data-testid="hex-bookmarks" aria-label="Bookmarks">
      <header className="hx-side-head">
        <BookmarkIcon size={13} aria-hidden />
        <strong>Bookmarks</strong>
        <span className="muted">{list.length}</span>
        <button type="button" className="btn small" data-testid="hex-bookmarks-export" onClick={exportJson}>
          <Download size={12} aria-hidden /> JSON
        </button>
      </header>
      {bookmarks.problem && (
        <p className="field-error" role="alert">
          {bookmarks.problem}
        </p>
      )}
      <ul>
        {list.map((b) => (
          <li key={b.id} data-testid="hex-bookmark" data-start={b.start} data-end={b.end}>
            <input
              aria-label={`Name of the bookmark at ${hexAddress(b.start)}`}
              data-testid="hex-bookmark-name"
              value={b.name}
              spellCheck={false}
              onChange={(e) => bookmarks.rename(b.id, e.target.value)}
            />
            <span className="mono muted" title={`${(b.end - b.start).toLocaleString()} bytes`}>
              {hexAddress(b.start)} +{(b.end - b.start).toLocaleString()}
            </span>
            <button
              type="button"
              className="btn small"
              aria-label={`Go to ${b.name || hexAddress(b.start)}`}
              data-testid="hex-bookmark-go"
              onClick={() => onGo(b.start, b.end)}
            >
              <CornerDownRight size={12} aria-hidden />
            </button>
            <button
              type="button"
              className="btn small"
              aria-label={`Remove ${b.name || hexAddress(b.start)}`}
              data-testid="hex-bookmark-remove"
              onClick={() => bookmarks.remove(b.id)}
            >
              <Trash2 size={12} aria-hidden />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
