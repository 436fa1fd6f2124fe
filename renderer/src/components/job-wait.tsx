import { XCircle } from 'lucide-react';
import type { ReactNode } from 'react';
import type { ErrorInfo } from '../../../shared/errors';
import { useRunningJobs, type JobView } from '../stores/jobs-store';
import { CancelJobButton, progressBytes } from './job-controls';
import { Loading } from './loading';

/** The running job of `kind` for this archive, if main has told us of one. */
export function useArchiveJob(kind: JobView['kind'], archiveId: string): JobView | null {
  return useRunningJobs().findLast((j) => j.kind === kind && j.archiveId === archiveId) ?? null;
}

/**
 * While a query runs as a job (findings, a report): what it is doing now, and
 * Cancel. A user's cancel then reads as "cancelled", with a way to run it again,
 * never as a failure.
 */
export function JobWait({
  kind,
  archiveId,
  label,
  testId,
}: {
  kind: JobView['kind'];
  archiveId: string;
  label: string;
  testId: string;
}) {
  const job = useArchiveJob(kind, archiveId);
  if (!job) return <Loading label={label} />;
  const detail = [progressBytes(job.progress), job.progress?.message ?? job.progress?.phase ?? ''].join(' ').trim();
  return (
    <div className="job-wait" data-testid={testId} data-state="running">
      <Loading label={label} inline />
      {job.progress?.fraction != null && (
        <progress max={1} value={job.progress.fraction} aria-label={`${label} progress`} />
      )}
      <div className="muted mono" data-testid={`${testId}-progress`}>
        {detail || 'starting…'}
      </div>
      <CancelJobButton job={job} testId={`${testId}-cancel`} />
    </div>
  );
}

/** The outcome of a cancelled job: said plainly, not shown as an error. */
export function Cancelled({ what, onRetry, testId }: { what: string; onRetry: () => void; testId: string }): ReactNode {
  return (
    <div className="empty-state" role="status" data-testid={testId} data-state="cancelled">
      <XCircle size={16} aria-hidden /> {what} cancelled.{' '}
      <button type="button" className="btn small" onClick={onRetry} data-testid={`${testId}-retry`}>
        Run again
      </button>
    </div>
  );
}

export const isCancelled = (error: ErrorInfo | null): boolean => error?.code === 'CANCELLED';
