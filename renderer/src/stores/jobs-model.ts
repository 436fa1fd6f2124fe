import type { JobInfo, JobKind, JobOutcome, JobProgress } from '../../../shared/dto';

export interface JobView {
  jobId: string;
  kind: JobKind;
  title: string;
  /** Empty when unknown (a job that started before this page loaded). */
  outputPath: string;
  phases: string[];
  /** What the job decided before it began (a checkpoint: which path and why), kept after later progress. */
  notes: string[];
  progress: JobProgress | null;
  outcome: JobOutcome | null;
  /** The archive the job works on, or (a checkpoint) the one opened from its result. */
  archiveId: string | null;
  cancelling: boolean;
}

export function newJob(jobId: string, kind: JobKind, title: string, outputPath: string): JobView {
  return {
    jobId,
    kind,
    title,
    outputPath,
    phases: [],
    notes: [],
    progress: null,
    outcome: null,
    archiveId: null,
    cancelling: false,
  };
}

/** A job main announced (job.started) or was already running when the page loaded (job.list). */
export function jobFromInfo(info: JobInfo): JobView {
  const job: JobView = { ...newJob(info.jobId, info.kind, info.title, ''), archiveId: info.archiveId };
  return info.outcome ? withOutcome(job, info.outcome) : job;
}

export function withProgress(job: JobView, progress: JobProgress): JobView {
  const note = progress.phase === 'preparing' ? progress.message : null;
  return {
    ...job,
    progress,
    phases: job.phases.includes(progress.phase) ? job.phases : [...job.phases, progress.phase],
    notes: note && !job.notes.includes(note) ? [...job.notes, note] : job.notes,
  };
}

/** A checkpoint's result names the file written and the archive opened from it; a restored job learns both. */
export function withOutcome(job: JobView, outcome: JobOutcome): JobView {
  const result = outcome.ok && outcome.result.kind === 'checkpoint' ? outcome.result : null;
  return {
    ...job,
    outcome,
    cancelling: false,
    outputPath: job.outputPath || (result?.outputPath ?? ''),
    archiveId: job.archiveId ?? result?.archiveId ?? null,
  };
}

/** 0..1 from the fraction, or from bytes when only those are known; null when unknown. */
export function progressFraction(progress: JobProgress | null): number | null {
  if (!progress) return null;
  if (progress.fraction !== null) return Math.min(1, Math.max(0, progress.fraction));
  if (progress.bytesTotal && progress.bytesDone !== null)
    return Math.min(1, Math.max(0, progress.bytesDone / progress.bytesTotal));
  return null;
}

/** Adds the jobs not yet known (running, or finished while the page was away); returns the same map when nothing is new. */
export function mergeRunning(jobs: Record<string, JobView>, running: JobInfo[]): Record<string, JobView> {
  const fresh = running.filter((info) => !jobs[info.jobId]);
  if (fresh.length === 0) return jobs;
  const out = { ...jobs };
  for (const info of fresh) out[info.jobId] = jobFromInfo(info);
  return out;
}

export const isRunning = (job: JobView) => job.outcome === null;
