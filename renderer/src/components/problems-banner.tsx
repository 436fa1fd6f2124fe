import { AlertTriangle } from 'lucide-react';
import type { ProblemInfo } from '../../../shared/dto';

/** At most this many are listed; the count says how many there are. */
const MAX_LISTED = 200;

interface Props {
  problems: readonly ProblemInfo[];
  /** What the view shows, e.g. "open files": said in the title. */
  what: string;
  testId?: string;
}

/**
 * What a view could not read, shown above what it could: an analyst must
 * never take "not read" for "none".
 */
export function ProblemsBanner({ problems, what, testId = 'problems-banner' }: Props) {
  if (problems.length === 0) return null;
  const n = problems.length;
  return (
    <div className="problems-banner" role="alert" data-testid={testId}>
      <div className="problems-title">
        <AlertTriangle size={14} aria-hidden /> {n} problem{n > 1 ? 's' : ''}: some {what} could not be read; the list
        is incomplete
      </div>
      <ul>
        {problems.slice(0, MAX_LISTED).map((p, i) => (
          <li key={i} data-testid="problem-item">
            <span className="mono">{p.where}</span>
            {p.pid !== undefined && (
              <>
                {' '}
                pid <span className="mono">{p.pid}</span>
              </>
            )}
            : <code>{p.code}</code> <span className="problem-message">{p.message}</span>
          </li>
        ))}
      </ul>
      {n > MAX_LISTED && <div className="muted">and {n - MAX_LISTED} more</div>}
    </div>
  );
}
