import { History } from 'lucide-react';
import { formatDate } from '../../lib/format';
import { openRecent, useRecent } from '../../stores/archives-store';

export function RecentList() {
  const recent = useRecent();
  return (
    <section className="card" aria-labelledby="recent-title">
      <h2 id="recent-title">
        <History size={16} aria-hidden /> Recent archives
      </h2>
      {recent.length === 0 ? (
        <p className="muted">Archives you open appear here.</p>
      ) : (
        <ul className="recent-list">
          {recent.map((r) => (
            <li key={r.key}>
              <button className="recent-item" onClick={() => void openRecent(r.key)} data-testid="recent-item">
                <span className="recent-name">{r.containerName ?? '(unnamed container)'}</span>
                <span className="recent-path mono">{r.displayPath}</span>
                <span className="muted">{formatDate(r.openedAt)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
