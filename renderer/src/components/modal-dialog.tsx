import { X } from 'lucide-react';
import { useEffect, useRef, type ReactNode } from 'react';

interface ModalDialogProps {
  /** Names the dialog: data-testid `${name}-dialog`, the submit button's `${name}-${submitId}`. */
  name: string;
  title: ReactNode;
  submitLabel: string;
  busyLabel: string;
  /** The submit button's test id suffix (e.g. "start" for `checkpoint-start`). */
  submitId: string;
  busy: boolean;
  valid: boolean;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}

/**
 * The one modal form: backdrop, Escape and Close to leave, the first field focused,
 * Cancel and a submit button that stays disabled while invalid or busy.
 */
export function ModalDialog(props: ModalDialogProps) {
  const { name, onClose } = props;
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector<HTMLElement>('input, select, textarea')?.focus(), []);
  const titleId = `${name}-title`;

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form
        ref={form}
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={`${name}-dialog`}
        onSubmit={(e) => {
          e.preventDefault();
          if (props.valid) props.onSubmit();
        }}
      >
        <header className="modal-head">
          <h2 id={titleId}>{props.title}</h2>
          <button type="button" className="icon-btn" aria-label="Close" onClick={onClose}>
            <X size={16} aria-hidden />
          </button>
        </header>
        {props.children}
        <footer className="modal-foot">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn primary"
            disabled={!props.valid || props.busy}
            data-testid={`${name}-${props.submitId}`}
          >
            {props.busy ? props.busyLabel : props.submitLabel}
          </button>
        </footer>
      </form>
    </div>
  );
}
