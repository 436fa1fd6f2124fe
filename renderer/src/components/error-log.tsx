import type { ErrorInfo } from '../../../shared/errors';
import { errorLog } from '../lib/error-log';

/** The lines of a log an error carries (CRIU's own words when a dump failed), open, scrollable, as written. */
export function ErrorLog({ error }: { error: ErrorInfo }) {
  const log = errorLog(error);
  if (!log) return null;
  return (
    <details className="error-log" open data-testid="error-log">
      <summary>{log.title}</summary>
      <pre className="mono">{log.lines.join('\n')}</pre>
    </details>
  );
}
