import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { ArgsOf } from '../../../shared/contract';
import type { JobInfo, JobOutcome, MemoryMatch, SearchResultsEvent, SearchSummary } from '../../../shared/dto';
import type { ErrorInfo } from '../../../shared/errors';
import { getApi } from '../api';
import { toInfo } from '../lib/errors';

/** Rows kept in the table; the summary still counts every match main found. */
export const MAX_SHOWN = 10_000;

export type SearchArgs = Omit<ArgsOf<'search.start'>, 'archiveId'>;

/** One archive's search, kept here so that it survives leaving the tab (e.g. to look at a result's bytes). */
export interface SearchView {
  args: SearchArgs | null;
  jobId: string | null;
  matches: MemoryMatch[];
  fraction: number | null;
  phase: string | null;
  summary: SearchSummary | null;
  error: ErrorInfo | null;
  cancelling: boolean;
}

const EMPTY: SearchView = {
  args: null,
  jobId: null,
  matches: [],
  fraction: null,
  phase: null,
  summary: null,
  error: null,
  cancelling: false,
};

const store = createStore<{ searches: Record<string, SearchView> }>()(() => ({ searches: {} }));
let watching = false;

export const useSearch = (archiveId: string) => useStore(store, (s) => s.searches[archiveId] ?? EMPTY);

function patch(archiveId: string, change: (v: SearchView) => Partial<SearchView>): void {
  store.setState((s) => {
    const view = s.searches[archiveId] ?? EMPTY;
    return { searches: { ...s.searches, [archiveId]: { ...view, ...change(view) } } };
  });
}

function ownerOf(jobId: string): string | null {
  for (const [archiveId, view] of Object.entries(store.getState().searches)) if (view.jobId === jobId) return archiveId;
  return null;
}

const appended = (view: SearchView, matches: MemoryMatch[]) =>
  view.matches.length >= MAX_SHOWN ? view.matches : [...view.matches, ...matches].slice(0, MAX_SHOWN);

function finish(archiveId: string, outcome: JobOutcome): void {
  patch(archiveId, () => ({
    jobId: null,
    cancelling: false,
    fraction: outcome.ok ? 1 : null,
    summary: outcome.ok && outcome.result.kind === 'search' ? (outcome.result satisfies SearchSummary) : null,
    error: outcome.ok ? null : outcome.error,
  }));
}

function onResults(e: SearchResultsEvent): void {
  const owner = ownerOf(e.jobId);
  if (owner) patch(owner, (v) => ({ matches: appended(v, e.matches) }));
}

/** job.started comes before the job's results and before search.start's answer: the search learns its job here. */
function onStarted(info: JobInfo): void {
  if (info.kind !== 'search' || !info.archiveId) return;
  const view = store.getState().searches[info.archiveId];
  if (view?.args && view.jobId === null && view.summary === null && view.error === null) {
    patch(info.archiveId, () => ({ jobId: info.jobId }));
  }
}

function watch(): void {
  if (watching) return;
  watching = true;
  const api = getApi();
  api.on('job.started', onStarted);
  api.on('search.results', onResults);
  api.on('job.progress', (p) => {
    const owner = ownerOf(p.jobId);
    if (owner) patch(owner, () => ({ fraction: p.fraction, phase: p.message ?? p.phase }));
  });
  api.on('job.finished', (o) => {
    const owner = ownerOf(o.jobId);
    if (owner) finish(owner, o);
  });
}

export async function startSearch(archiveId: string, args: SearchArgs): Promise<void> {
  watch();
  patch(archiveId, () => ({ ...EMPTY, args, fraction: 0 }));
  try {
    await getApi().invoke('search.start', { archiveId, ...args });
  } catch (error) {
    patch(archiveId, () => ({ error: toInfo(error), fraction: null }));
  }
}

export async function cancelSearch(archiveId: string): Promise<void> {
  const jobId = store.getState().searches[archiveId]?.jobId;
  if (!jobId) return;
  patch(archiveId, () => ({ cancelling: true }));
  try {
    await getApi().invoke('job.cancel', { jobId });
  } catch {
    // It finished meanwhile; its outcome arrives as an event.
  }
}
