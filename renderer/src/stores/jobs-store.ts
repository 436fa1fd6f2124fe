import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { ArchiveSummary, CheckpointVia, ContainerInfo, JobOutcome, JobProgress } from '../../../shared/dto';
import type { ErrorInfo } from '../../../shared/errors';
import { getApi } from '../api';
import { toInfo } from '../lib/errors';
import { basename } from '../lib/format';

export interface JobView {
  jobId: string;
  title: string;
  outputPath: string;
  phases: string[];
  progress: JobProgress | null;
  outcome: JobOutcome | null;
  /** Set when main opened the result (archive.opened with the same file name). */
  archiveId: string | null;
  cancelling: boolean;
}

interface JobsState {
  jobs: Record<string, JobView>;
  /** The job whose panel is shown; null hides the panel. */
  shownId: string | null;
  startError: ErrorInfo | null;
}

const store = createStore<JobsState>()(() => ({ jobs: {}, shownId: null, startError: null }));
// Events may beat checkpoint.start's answer over the wire; keep them until the job is known.
const early = new Map<string, { progress: JobProgress[]; outcome: JobOutcome | null }>();

export const useShownJob = () => useStore(store, (s) => (s.shownId ? (s.jobs[s.shownId] ?? null) : null));
export const useStartError = () => useStore(store, (s) => s.startError);
export const hideJobPanel = () => store.setState({ shownId: null, startError: null });

function patchJob(jobId: string, patch: (job: JobView) => Partial<JobView>): void {
  store.setState((s) => {
    const job = s.jobs[jobId];
    return job ? { jobs: { ...s.jobs, [jobId]: { ...job, ...patch(job) } } } : s;
  });
}

function applyProgress(progress: JobProgress): void {
  patchJob(progress.jobId, (job) => ({
    progress,
    phases: job.phases.includes(progress.phase) ? job.phases : [...job.phases, progress.phase],
  }));
}

export interface CheckpointOptions {
  fileName: string;
  via: CheckpointVia;
  leaveRunning: boolean;
}

export async function startCheckpoint(container: ContainerInfo, options: CheckpointOptions): Promise<boolean> {
  store.setState({ startError: null });
  try {
    const { jobId, outputPath } = await getApi().invoke('checkpoint.start', {
      containerId: container.id,
      namespace: container.namespace,
      via: options.via,
      fileName: options.fileName,
      leaveRunning: options.leaveRunning,
    });
    const job: JobView = {
      jobId,
      title: `Checkpoint of ${container.name}`,
      outputPath,
      phases: [],
      progress: null,
      outcome: null,
      archiveId: null,
      cancelling: false,
    };
    store.setState((s) => ({ jobs: { ...s.jobs, [jobId]: job }, shownId: jobId }));
    const buffered = early.get(jobId);
    early.delete(jobId);
    buffered?.progress.forEach(applyProgress);
    if (buffered?.outcome) patchJob(jobId, () => ({ outcome: buffered.outcome }));
    return true;
  } catch (error) {
    store.setState({ startError: toInfo(error) });
    return false;
  }
}

export async function cancelJob(jobId: string): Promise<void> {
  patchJob(jobId, () => ({ cancelling: true }));
  try {
    await getApi().invoke('job.cancel', { jobId });
  } catch {
    // The job finished meanwhile; its outcome arrives as an event.
  }
}

function bufferFor(jobId: string) {
  let entry = early.get(jobId);
  if (!entry) early.set(jobId, (entry = { progress: [], outcome: null }));
  if (early.size > 50) early.delete(early.keys().next().value as string);
  return entry;
}

export function watchJobs(): () => void {
  const api = getApi();
  const offs = [
    api.on('job.progress', (progress) => {
      if (store.getState().jobs[progress.jobId]) applyProgress(progress);
      else bufferFor(progress.jobId).progress.push(progress);
    }),
    api.on('job.finished', (outcome) => {
      if (store.getState().jobs[outcome.jobId]) patchJob(outcome.jobId, () => ({ outcome, cancelling: false }));
      else bufferFor(outcome.jobId).outcome = outcome;
    }),
    api.on('archive.opened', (summary: ArchiveSummary) => {
      for (const job of Object.values(store.getState().jobs)) {
        if (!job.archiveId && basename(job.outputPath) === summary.fileName) {
          patchJob(job.jobId, () => ({ archiveId: summary.archiveId }));
        }
      }
    }),
  ];
  return () => offs.forEach((off) => off());
}
