import { X } from 'lucide-react';
import { showOverlay } from '../stores/overlay-store';
import { SHORTCUTS } from './shortcuts';

/** The shortcut list ("?"). */
export function ShortcutList() {
  const close = () => showOverlay(null);
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && close()} onClick={close}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        data-testid="shortcut-list"
        onClick={(e) => e.stopPropagation()}
      >
        <header className="modal-head">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button type="button" className="icon-btn" aria-label="Close" onClick={close} autoFocus>
            <X size={16} aria-hidden />
          </button>
        </header>
        <table className="shortcut-table">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
