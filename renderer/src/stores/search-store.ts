import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { ArgsOf } from '../../../shared/contract';
import type { JobOutcome, MemoryMatch, SearchResultsEvent, SearchSummary } from '../../../shared/dto';
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
// Events may beat search.start's answer over the wire; keep them until the job is known.
const early = new Map<string, { matches: MemoryMatch[]; outcome: JobOutcome | null }>();
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
    summary: outcome.ok ? (outcome.result as SearchSummary) : null,
    error: outcome.ok ? null : outcome.error,
  }));
}

function bufferFor(jobId: string) {
  let entry = early.get(jobId);
  if (!entry) early.set(jobId, (entry = { matches: [], outcome: null }));
  if (early.size > 20) early.delete(early.keys().next().value as string);
  return entry;
}

function onResults(e: SearchResultsEvent): void {
  const owner = ownerOf(e.jobId);
  if (owner) patch(owner, (v) => ({ matches: appended(v, e.matches) }));
  else bufferFor(e.jobId).matches.push(...e.matches.slice(0, MAX_SHOWN));
}

function watch(): void {
  if (watching) return;
  watching = true;
  const api = getApi();
  api.on('search.results', onResults);
  api.on('job.progress', (p) => {
    const owner = ownerOf(p.jobId);
    if (owner) patch(owner, () => ({ fraction: p.fraction, phase: p.message ?? p.phase }));
  });
  api.on('job.finished', (o) => {
    const owner = ownerOf(o.jobId);
    if (owner) finish(owner, o);
    else bufferFor(o.jobId).outcome = o;
  });
}

export async function startSearch(archiveId: string, args: SearchArgs): Promise<void> {
  watch();
  patch(archiveId, () => ({ ...EMPTY, args, fraction: 0 }));
  try {
    const { jobId } = await getApi().invoke('search.start', { archiveId, ...args });
    patch(archiveId, () => ({ jobId }));
    const buffered = early.get(jobId);
    early.delete(jobId);
    if (buffered) {
      patch(archiveId, (v) => ({ matches: appended(v, buffered.matches) }));
      if (buffered.outcome) finish(archiveId, buffered.outcome);
    }
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
