import { AlertTriangle, CheckCircle2, Circle, FolderOpen, Loader2, X, XCircle } from 'lucide-react';
import { CopyButton } from '../../components/copy-button';
import { ErrorView } from '../../components/error-view';
import { CancelJobButton, progressBytes } from '../../components/job-controls';
import { selectArchive } from '../../stores/archives-store';
import { progressFraction } from '../../stores/jobs-model';
import { hideJobPanel, useShownJob } from '../../stores/jobs-store';

/** Progress of the job shown (a checkpoint, or one main was running before the page loaded): phases, bytes, cancel; the outcome with advice when it fails. */
export function JobPanel() {
  const job = useShownJob();
  if (!job) return null;
  const { progress, outcome } = job;
  const running = outcome === null;
  const fraction = progressFraction(progress);
  const checkpoint = job.kind === 'checkpoint';
  const written = outcome?.ok && outcome.result.kind === 'checkpoint' ? outcome.result : null;
  const openError = written?.openError ?? null;
  const lacks = written?.notes ?? [];
  return (
    <aside
      className="job-panel"
      role="status"
      aria-live="polite"
      data-testid="job-panel"
      data-state={running ? 'running' : outcome.ok ? 'done' : 'failed'}
    >
      <header className="modal-head">
        <h2>{job.title}</h2>
        {!running && (
          <button className="icon-btn" aria-label="Close" onClick={hideJobPanel}>
            <X size={16} aria-hidden />
          </button>
        )}
      </header>
      {job.outputPath && (
        <div className="mono muted job-path">
          <span data-testid="job-path">{job.outputPath}</span>
          <CopyButton text={job.outputPath} what="archive path" testId="copy-job-path" />
        </div>
      )}
      <ol className="phases" data-testid="job-phases">
        {job.phases.map((phase, i) => {
          const last = i === job.phases.length - 1;
          const current = running && last;
          // The step a failed or cancelled job was in did not finish: no tick on it.
          const stopped = !running && !outcome.ok && last;
          return (
            <li
              key={phase}
              className={current ? 'phase current' : stopped ? 'phase stopped' : 'phase'}
              data-state={current ? 'current' : stopped ? 'stopped' : 'done'}
            >
              {current ? (
                <Loader2 className="spin" size={14} aria-hidden />
              ) : stopped ? (
                <XCircle size={14} aria-hidden />
              ) : (
                <CheckCircle2 size={14} aria-hidden />
              )}{' '}
              {phase}
            </li>
          );
        })}
        {job.phases.length === 0 && running && (
          <li className="phase">
            <Circle size={14} aria-hidden /> starting…
          </li>
        )}
      </ol>
      {job.notes.length > 0 && (
        <ul className="job-notes muted" data-testid="job-notes">
          {job.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {running && (
        <>
          <progress max={1} value={fraction ?? undefined} data-testid="job-progress" />
          <div className="muted" data-testid="job-bytes">
            {progressBytes(progress)}
            {progress?.message ? ` ${progress.message}` : ''}
          </div>
          <CancelJobButton job={job} testId="job-cancel" />
        </>
      )}
      {outcome?.ok && (
        <div className="job-done" data-testid="job-done">
          <CheckCircle2 size={16} aria-hidden /> {checkpoint ? 'Checkpoint written.' : 'Done.'}
          {!checkpoint ? null : openError ? (
            <ErrorView error={openError} title="Written, but it could not be opened" compact />
          ) : job.archiveId ? (
            <button
              className="btn primary"
              onClick={() => (job.archiveId ? selectArchive(job.archiveId) : undefined)}
              data-testid="job-open"
            >
              <FolderOpen size={14} aria-hidden /> Open
            </button>
          ) : (
            <span className="muted">
              <Loader2 className="spin" size={14} aria-hidden /> opening…
            </span>
          )}
        </div>
      )}
      {written?.after && (
        <div
          className={written.after.ok ? 'job-after muted' : 'job-after alarm'}
          data-testid="job-after"
          data-ok={String(written.after.ok)}
          role={written.after.ok ? undefined : 'alert'}
        >
          {written.after.ok ? <CheckCircle2 size={14} aria-hidden /> : <AlertTriangle size={14} aria-hidden />}{' '}
          <strong>After the checkpoint:</strong> {written.after.message}
        </div>
      )}
      {lacks.length > 0 && (
        <ul className="job-notes" data-testid="job-archive-notes">
          {lacks.map((n) => (
            <li key={`${n.code}-${n.member ?? ''}`}>
              <code>{n.member ?? n.code}</code> is not in the archive: {n.message}
            </li>
          ))}
        </ul>
      )}
      {outcome && !outcome.ok && (
        <div data-testid="job-failed">
          {outcome.error.code === 'CANCELLED' ? (
            <p>
              <XCircle size={16} aria-hidden /> Cancelled.
            </p>
          ) : (
            <ErrorView
              error={outcome.error}
              title={checkpoint ? 'The checkpoint failed' : `${job.title} failed`}
              compact
            />
          )}
        </div>
      )}
    </aside>
  );
}
