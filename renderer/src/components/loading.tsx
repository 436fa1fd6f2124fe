import { Loader2 } from 'lucide-react';

export function Loading({ label = 'Loading…', inline }: { label?: string; inline?: boolean }) {
  return (
    <div className={inline ? 'loading inline' : 'loading'} role="status" aria-live="polite">
      <Loader2 className="spin" size={inline ? 14 : 20} aria-hidden />
      <span>{label}</span>
    </div>
  );
}
