import type { CopyState } from './use-copy-feedback';

/** What a copy did, for 1.5 s (useCopyFeedback's state). */
export function CopyToast({ state }: { state: CopyState }) {
  if (state === 'idle') return null;
  return (
    <div role="status" className="toast" data-testid="copy-feedback">
      {state === 'copied' ? 'Copied' : 'Copy failed: the browser refused the clipboard'}
    </div>
  );
}
