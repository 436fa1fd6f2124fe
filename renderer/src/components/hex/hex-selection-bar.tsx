import { Bookmark, Copy, Download, X } from 'lucide-react';
import { useState } from 'react';
import { hexAddress } from '../../lib/format';
import { COPY_FORMS, formatBytesAs, type CopyForm } from './selection-format';

interface Props {
  start: number;
  end: number;
  /** The selected bytes; rejects when they cannot be had (pages not in the checkpoint, too many). */
  read: () => Promise<Uint8Array>;
  /** Saves [start, end) as a file; resolves to what to tell the user. */
  save: () => Promise<string>;
  onClear: () => void;
  /** Bookmarks the selection (Ctrl+B in the view does the same). */
  onBookmark: () => void;
}

/** What is selected, and copy (hex, C array, base64) or save it. */
export function HexSelectionBar({ start, end, read, save, onClear, onBookmark }: Props) {
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const run = (work: () => Promise<string>) => {
    setStatus(null);
    work().then(
      (text) => setStatus({ text, error: false }),
      (error: unknown) => setStatus({ text: error instanceof Error ? error.message : String(error), error: true }),
    );
  };
  const copy = (form: CopyForm, label: string) =>
    run(async () => {
      const text = formatBytesAs(await read(), form, start);
      await navigator.clipboard.writeText(text);
      return `Copied ${end - start} bytes as ${label}`;
    });
  return (
    <div className="toolbar hx-selbar" data-testid="hex-selection" data-start={start} data-end={end}>
      <span className="mono">
        {hexAddress(start)}–{hexAddress(end)}
      </span>
      <span className="muted">{(end - start).toLocaleString()} bytes selected</span>
      {COPY_FORMS.map(({ form, label }) => (
        <button
          key={form}
          type="button"
          className="btn small"
          data-testid={`hex-copy-${form}`}
          onClick={() => copy(form, label)}
        >
          <Copy size={12} aria-hidden /> {label}
        </button>
      ))}
      <button type="button" className="btn small" data-testid="hex-save" onClick={() => run(save)}>
        <Download size={12} aria-hidden /> Save…
      </button>
      <button
        type="button"
        className="btn small"
        data-testid="hex-bookmark-add"
        title="Bookmark the selection (Ctrl+B)"
        onClick={onBookmark}
      >
        <Bookmark size={12} aria-hidden /> Bookmark
      </button>
      <button type="button" className="btn small" aria-label="Clear selection" onClick={onClear}>
        <X size={12} aria-hidden />
      </button>
      {status && (
        <span
          className={status.error ? 'field-error' : 'muted'}
          role={status.error ? 'alert' : 'status'}
          data-testid="hex-selection-status"
        >
          {status.text}
        </span>
      )}
    </div>
  );
}
