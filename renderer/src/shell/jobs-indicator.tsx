import { Loader2 } from 'lucide-react';
import { showJob, useRunningJobs } from '../stores/jobs-store';

/** Running jobs (also those started before this page loaded); a click shows the newest one's panel. */
export function JobsIndicator() {
  const running = useRunningJobs();
  const newest = running[running.length - 1];
  if (!newest) return null;
  return (
    <button
      className="btn small jobs-indicator"
      data-testid="jobs-indicator"
      title={running.map((j) => j.title).join('\n')}
      onClick={() => showJob(newest.jobId)}
    >
      <Loader2 className="spin" size={13} aria-hidden />{' '}
      {running.length === 1 ? newest.title : `${running.length} jobs running`}
    </button>
  );
}
