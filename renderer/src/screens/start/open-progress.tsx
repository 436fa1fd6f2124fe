import { Loader2 } from 'lucide-react';
import { CancelJobButton, progressBytes } from '../../components/job-controls';
import { progressFraction } from '../../stores/jobs-model';
import { useRunningJob } from '../../stores/jobs-store';

/** The archive being opened (decompressed, indexed): bytes so far, and cancel. */
export function OpenProgress({ fallback }: { fallback: boolean }) {
  const job = useRunningJob('open');
  if (!job) {
    return fallback ? (
      <span className="muted" role="status">
        <Loader2 className="spin" size={14} aria-hidden /> Opening…
      </span>
    ) : null;
  }
  const { progress } = job;
  const fraction = progressFraction(progress);
  return (
    <span className="open-progress" role="status" data-testid="open-progress">
      <Loader2 className="spin" size={14} aria-hidden /> {job.title}
      {progress?.phase ? ` (${progress.phase})` : ''}
      <progress max={1} value={fraction ?? undefined} data-testid="open-progress-bar" />
      <span className="muted" data-testid="open-progress-bytes">
        {progressBytes(progress)}
      </span>
      <CancelJobButton job={job} testId="open-cancel" small />
    </span>
  );
}
