import { X } from 'lucide-react';
import { CancelJobButton, progressBytes } from '../components/job-controls';
import { progressFraction, type JobView } from '../stores/jobs-model';
import { showJob, showJobsList, useAllJobs, useJobsListShown } from '../stores/jobs-store';

function stateOf(job: JobView): { state: string; text: string } {
  const { outcome } = job;
  if (outcome === null) {
    const fraction = progressFraction(job.progress);
    const bytes = progressBytes(job.progress);
    const done = fraction === null ? '' : ` ${Math.round(fraction * 100)} %`;
    return { state: 'running', text: `${job.progress?.phase ?? 'running'}${done}${bytes ? ` · ${bytes}` : ''}` };
  }
  if (outcome.ok) return { state: 'done', text: 'finished' };
  if (outcome.error.code === 'CANCELLED') return { state: 'cancelled', text: 'cancelled' };
  return { state: 'failed', text: `failed: ${outcome.error.message}` };
}

/** Every job this page knows: the running ones with progress and Cancel, then the finished ones with how they ended. */
export function JobsList() {
  const shown = useJobsListShown();
  const jobs = useAllJobs();
  if (!shown) return null;
  return (
    <aside
      className="jobs-list"
      role="dialog"
      aria-label="Jobs"
      data-testid="jobs-list"
      onKeyDown={(e) => e.key === 'Escape' && showJobsList(false)}
    >
      <header className="modal-head">
        <h2>Jobs</h2>
        <button className="icon-btn" aria-label="Close" onClick={() => showJobsList(false)} autoFocus>
          <X size={16} aria-hidden />
        </button>
      </header>
      {jobs.length === 0 && <p className="muted">No job has run since this page loaded.</p>}
      <ul>
        {jobs.map((job) => {
          const { state, text } = stateOf(job);
          return (
            <li key={job.jobId} data-testid={`jobs-list-${job.jobId}`} data-state={state}>
              <button className="link" onClick={() => showJob(job.jobId)} title="Show this job's panel">
                {job.title}
              </button>
              <span className={`job-state ${state}`}>{text}</span>
              {state === 'running' && <CancelJobButton job={job} testId={`jobs-list-cancel-${job.jobId}`} small />}
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
