import { plural } from '../lib/format';
import type { ProblemInfo } from '../../../shared/dto';
import { problemLine } from '../../../shared/problems';

/**
 * Beside results that are of part of the data only: says "Incomplete" and
 * lists what was skipped, so that few or no results never read as "none".
 */
export function IncompleteNotice({
  complete,
  problems,
  what,
  testId,
}: {
  complete: boolean;
  problems: readonly ProblemInfo[];
  /** e.g. "memory search": "Incomplete memory search: 2 skipped". */
  what: string;
  testId: string;
}) {
  if (complete && problems.length === 0) return null;
  const shown = problems.slice(0, 100);
  return (
    <details className="warnings" open data-testid={testId} data-complete={String(complete)}>
      <summary>
        {complete ? `${what}: ${plural(problems.length, 'problem')}` : `Incomplete ${what}: ${problems.length} skipped`}
      </summary>
      <ul>
        {shown.map((p, i) => (
          <li key={i} className="mono" data-testid={`${testId}-item`} data-pid={p.pid ?? ''}>
            {problemLine(p)}
          </li>
        ))}
        {problems.length > shown.length && <li className="muted">and {problems.length - shown.length} more</li>}
      </ul>
    </details>
  );
}
