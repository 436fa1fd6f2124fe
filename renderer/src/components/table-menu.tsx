import { Download, MoreVertical } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';

interface Props {
  label: string;
  columns: { key: string; title: string }[];
  hidden: string[];
  onToggle: (key: string) => void;
  onExport: (format: 'csv' | 'json') => void;
}

/** The table's "⋮" menu: which columns show, and export of all rows (as sorted) to CSV or JSON. */
export function TableMenu({ label, columns, hidden, onToggle, onExport }: Props) {
  // Fixed below the button: the table's scroller would clip a menu placed inside it.
  const [open, setOpen] = useState<{ top: number; right: number } | null>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(null);
    };
    window.addEventListener('pointerdown', close);
    return () => window.removeEventListener('pointerdown', close);
  }, [open]);
  const shown = columns.length - hidden.length;
  return (
    <div className="table-menu" ref={box} onKeyDown={(e) => e.key === 'Escape' && setOpen(null)}>
      <button
        className="icon-btn"
        aria-label={`${label}: columns and export`}
        title="Columns and export"
        aria-expanded={open !== null}
        data-testid="table-menu"
        onClick={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          setOpen((o) => (o ? null : { top: r.bottom + 2, right: Math.max(4, window.innerWidth - r.right) }));
        }}
      >
        <MoreVertical size={14} aria-hidden />
      </button>
      {open && (
        <div className="menu table-menu-list" role="menu" style={open}>
          <div className="menu-heading">Columns</div>
          {columns.map((c) => {
            const isShown = !hidden.includes(c.key);
            return (
              <label key={c.key} className="menu-item">
                <input
                  type="checkbox"
                  checked={isShown}
                  // The last shown column stays: a table with no columns shows nothing at all.
                  disabled={isShown && shown === 1}
                  data-testid={`table-column-${c.key}`}
                  onChange={() => onToggle(c.key)}
                />
                {c.title}
              </label>
            );
          })}
          <div className="menu-heading">Export all rows</div>
          {(['csv', 'json'] as const).map((f) => (
            <button
              key={f}
              role="menuitem"
              className="menu-item"
              data-testid={`table-export-${f}`}
              onClick={() => {
                onExport(f);
                setOpen(null);
              }}
            >
              <Download size={12} aria-hidden /> {f.toUpperCase()}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
