import type { JobProgress } from '../../../shared/dto';
import { formatBytes } from '../lib/format';
import { cancelJob } from '../stores/jobs-store';
import type { JobView } from '../stores/jobs-model';

/** "12.0 MiB of 1.00 GiB", or nothing when no bytes are known. */
export function progressBytes(progress: JobProgress | null): string {
  if (progress?.bytesDone == null) return '';
  return `${formatBytes(progress.bytesDone)}${progress.bytesTotal ? ` of ${formatBytes(progress.bytesTotal)}` : ''}`;
}

/** Cancel for a running job; disabled while the cancel is on its way. */
export function CancelJobButton({ job, testId, small }: { job: JobView; testId: string; small?: boolean }) {
  return (
    <button
      className={small ? 'btn small' : 'btn'}
      disabled={job.cancelling}
      onClick={() => void cancelJob(job.jobId)}
      data-testid={testId}
    >
      {job.cancelling ? 'Cancelling…' : 'Cancel'}
    </button>
  );
}
