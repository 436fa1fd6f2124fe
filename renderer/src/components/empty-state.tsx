import type { ReactNode } from 'react';
import { Inbox } from 'lucide-react';

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <Inbox size={20} aria-hidden />
      <span>{children}</span>
    </div>
  );
}
