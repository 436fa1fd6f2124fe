import { ArrowLeft, ArrowRight } from 'lucide-react';
import { go, useCanGoBack, useCanGoForward } from '../stores/history-store';

/** Back and Forward over the places visited (Alt+Left, Alt+Right). */
export function BackForward() {
  const back = useCanGoBack();
  const forward = useCanGoForward();
  return (
    <div className="back-forward">
      <button
        className="icon-btn"
        aria-label="Back"
        title="Back (Alt+Left)"
        disabled={!back}
        onClick={() => go(-1)}
        data-testid="nav-back"
      >
        <ArrowLeft size={14} aria-hidden />
      </button>
      <button
        className="icon-btn"
        aria-label="Forward"
        title="Forward (Alt+Right)"
        disabled={!forward}
        onClick={() => go(1)}
        data-testid="nav-forward"
      >
        <ArrowRight size={14} aria-hidden />
      </button>
    </div>
  );
}
