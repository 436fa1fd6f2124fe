import { useMemo } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { CheckpointVia, ContainerInfo, JobInfo } from '../../../shared/dto';
import type { ErrorInfo } from '../../../shared/errors';
import { getApi } from '../api';
import { toInfo } from '../lib/errors';
import { isRunning, jobFromInfo, mergeRunning, withOutcome, withProgress, type JobView } from './jobs-model';

export type { JobView } from './jobs-model';

interface JobsState {
  jobs: Record<string, JobView>;
  /** The job whose panel is shown; null hides the panel. */
  shownId: string | null;
  startError: ErrorInfo | null;
  /** The list of every job (running and finished) is shown. */
  listShown: boolean;
}

const store = createStore<JobsState>()(() => ({ jobs: {}, shownId: null, startError: null, listShown: false }));
/** Finished jobs kept for their panel; older ones go. */
const KEEP_FINISHED = 50;

export const useShownJob = () => useStore(store, (s) => (s.shownId ? (s.jobs[s.shownId] ?? null) : null));
export const useStartError = () => useStore(store, (s) => s.startError);
export function hideJobPanel(): void {
  const { shownId } = store.getState();
  if (shownId) {
    try {
      sessionStorage.setItem(DISMISSED_KEY, JSON.stringify([...dismissed(), shownId].slice(-50)));
    } catch {
      // Storage off: the panel may show again after a reload.
    }
  }
  store.setState({ shownId: null, startError: null });
}
export const showJob = (jobId: string) => store.setState({ shownId: jobId });
export const useJobsListShown = () => useStore(store, (s) => s.listShown);
export const showJobsList = (shown: boolean) => store.setState({ listShown: shown });

/** Every job this page knows, running first, newest first within each. */
export function useAllJobs(): JobView[] {
  const jobs = useStore(store, (s) => s.jobs);
  return useMemo(() => {
    const all = Object.values(jobs).reverse();
    return [...all.filter(isRunning), ...all.filter((j) => !isRunning(j))];
  }, [jobs]);
}

/** The newest running job of one kind (e.g. the archive being opened), or null. */
export function useRunningJob(kind: JobView['kind']): JobView | null {
  const running = useRunningJobs();
  return useMemo(() => running.filter((j) => j.kind === kind).at(-1) ?? null, [running, kind]);
}

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

/** main announces every job (job.started) before its first progress event, whoever started it. */
function announced(info: JobInfo): void {
  store.setState((s) => {
    if (s.jobs[info.jobId]) return s;
    const finished = Object.values(s.jobs).filter((j) => !isRunning(j));
    const jobs = { ...s.jobs, [info.jobId]: jobFromInfo(info) };
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) delete jobs[old.jobId];
    return { jobs };
  });
}

export interface CheckpointOptions {
  fileName: string;
  via: CheckpointVia;
  leaveRunning: boolean;
  /** CRIU tcp-established (native path only). */
  tcpEstablished?: boolean;
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
      tcpEstablished: options.tcpEstablished === true,
    });
    // job.started has made the job already; it gets the name the user knows and the path.
    store.setState((s) => {
      const known = s.jobs[jobId];
      const job = known ? { ...known, title: `Checkpoint of ${container.name}`, outputPath } : null;
      return { jobs: job ? { ...s.jobs, [jobId]: job } : s.jobs, shownId: jobId };
    });
    return true;
  } catch (error) {
    store.setState({ startError: toInfo(error) });
    return false;
  }
}

// Panels the user closed stay closed across reloads of this tab.
const DISMISSED_KEY = 'checkpoint-inspector.dismissed-jobs';
const dismissed = (): string[] => {
  try {
    const list = JSON.parse(sessionStorage.getItem(DISMISSED_KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

/**
 * Jobs main ran while this page was away (a reload during a checkpoint):
 * running ones, and the checkpoints that finished meanwhile with their
 * outcome; the newest the user has not closed gets the panel.
 */
export async function loadRunningJobs(): Promise<void> {
  try {
    const listed = await getApi().invoke('job.list', {});
    const closed = new Set(dismissed());
    store.setState((s) => {
      const jobs = mergeRunning(s.jobs, listed);
      const newest = [...listed]
        .filter((info) => !info.outcome || (info.kind === 'checkpoint' && !closed.has(info.jobId)))
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
      return { jobs, shownId: s.shownId ?? newest?.jobId ?? null };
    });
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

export function watchJobs(): () => void {
  const api = getApi();
  const offs = [
    api.on('job.started', announced),
    api.on('job.progress', (progress) => patchJob(progress.jobId, (job) => withProgress(job, progress))),
    api.on('job.finished', (outcome) => patchJob(outcome.jobId, (job) => withOutcome(job, outcome))),
  ];
  return () => offs.forEach((off) => off());
}
