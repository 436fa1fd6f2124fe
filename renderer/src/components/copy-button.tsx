import { Check, Copy, X } from 'lucide-react';
import { useCopyFeedback } from './use-copy-feedback';

/** A small copy button beside an id, hash, address or path; it says "Copied" (or that the browser refused). */
export function CopyButton({ text, what, testId }: { text: string; what: string; testId?: string }) {
  const [state, copy] = useCopyFeedback();
  const label = state === 'copied' ? `${what} copied` : state === 'failed' ? 'Copy failed' : `Copy ${what}`;
  const Icon = state === 'copied' ? Check : state === 'failed' ? X : Copy;
  return (
    <button
      type="button"
      className="icon-btn copy-btn"
      aria-label={label}
      title={state === 'failed' ? 'Copy failed: the browser refused the clipboard' : label}
      data-testid={testId}
      data-state={state}
      onClick={(e) => {
        e.stopPropagation();
        copy(text);
      }}
    >
      <Icon size={12} aria-hidden />
      {state !== 'idle' && (
        <span className="sr-only" role="status">
          {label}
        </span>
      )}
    </button>
  );
}
