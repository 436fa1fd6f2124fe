import { useMemo } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { ArchiveSummary, CheckpointVia, ContainerInfo, JobOutcome, JobProgress } from '../../../shared/dto';
import type { ErrorInfo } from '../../../shared/errors';
import { getApi } from '../api';
import { toInfo } from '../lib/errors';
import { basename } from '../lib/format';
import { isRunning, mergeRunning, newJob, withOutcome, withProgress, type JobView } from './jobs-model';

export type { JobView } from './jobs-model';

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
export const showJob = (jobId: string) => store.setState({ shownId: jobId });

export function useRunningJobs(): JobView[] {
  const jobs = useStore(store, (s) => s.jobs);
  return useMemo(() => Object.values(jobs).filter(isRunning), [jobs]);
}

function patchJob(jobId: string, patch: (job: JobView) => JobView): void {
  store.setState((s) => {
    const job = s.jobs[jobId];
    return job ? { jobs: { ...s.jobs, [jobId]: patch(job) } } : s;
  });
}

/** Replays events that arrived before the job was known. */
function adopt(jobId: string): void {
  const buffered = early.get(jobId);
  early.delete(jobId);
  buffered?.progress.forEach((p) => patchJob(jobId, (job) => withProgress(job, p)));
  const outcome = buffered?.outcome;
  if (outcome) patchJob(jobId, (job) => withOutcome(job, outcome));
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
    const job = newJob(jobId, 'checkpoint', `Checkpoint of ${container.name}`, outputPath);
    store.setState((s) => ({ jobs: { ...s.jobs, [jobId]: job }, shownId: jobId }));
    adopt(jobId);
    return true;
  } catch (error) {
    store.setState({ startError: toInfo(error) });
    return false;
  }
}

/** Jobs main was already running when the page loaded (e.g. a checkpoint started before a reload). */
export async function loadRunningJobs(): Promise<void> {
  try {
    const running = await getApi().invoke('job.list', {});
    store.setState((s) => {
      const jobs = mergeRunning(s.jobs, running);
      const newest = [...running].sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
      return { jobs, shownId: s.shownId ?? newest?.jobId ?? null };
    });
    running.forEach((info) => adopt(info.jobId));
  } catch {
    // Without the list, jobs started here still show.
  }
}

export async function cancelJob(jobId: string): Promise<void> {
  patchJob(jobId, (job) => ({ ...job, cancelling: true }));
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

function linkOpened(summary: ArchiveSummary): void {
  for (const job of Object.values(store.getState().jobs)) {
    if (!job.archiveId && job.outputPath && basename(job.outputPath) === summary.fileName) {
      patchJob(job.jobId, (j) => ({ ...j, archiveId: summary.archiveId }));
    }
  }
}

export function watchJobs(): () => void {
  const api = getApi();
  const offs = [
    api.on('job.progress', (progress) => {
      if (store.getState().jobs[progress.jobId]) patchJob(progress.jobId, (job) => withProgress(job, progress));
      else bufferFor(progress.jobId).progress.push(progress);
    }),
    api.on('job.finished', (outcome) => {
      if (store.getState().jobs[outcome.jobId]) patchJob(outcome.jobId, (job) => withOutcome(job, outcome));
      else bufferFor(outcome.jobId).outcome = outcome;
    }),
    api.on('archive.opened', linkOpened),
  ];
  return () => offs.forEach((off) => off());
}
