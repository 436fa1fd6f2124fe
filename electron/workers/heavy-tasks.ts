// The heavy work itself, the same in a worker thread and in-process: a task
// description in, its result out, progress and matches through `io`.
import type { JobProgress, MemberHash, ProblemInfo } from '../../shared/dto';
import type { ArchiveDiff, FindingsReport, MemoryMatch, SearchSummary, StringsPage } from '../../shared/dto/forensics';
import { diffArchives } from '../inspect/diff/diff-archives';
import { hashMembers } from '../inspect/integrity/member-hashes';
import { findSecrets } from '../inspect/findings/find-secrets';
import { renderReport, writeReport, type ReportFormat } from '../inspect/report/write-report';
import { sessionSource } from '../inspect/search/memory-source';
import { yaraTask } from '../app/yara-task';
import type { YaraReport, YaraRequest } from '../../shared/dto/yara';
import { searchMemory, type SearchOptions } from '../inspect/search/search-memory';
import { memoryStrings, type StringsRequest } from '../inspect/search/strings';
import type { InspectSession } from '../inspect/session';
import { progressGate } from '../app/progress-gate';
import type { HeavyKind } from './limits';

export type SearchRequest = Omit<SearchOptions, 'signal' | 'onMatches' | 'onProgress' | 'chunkSize'>;

/** What to do; the sessions it reads are given beside it (two for a diff, one otherwise). */
export type HeavyTask =
  | { kind: 'search'; request: SearchRequest }
  | { kind: 'strings'; request: StringsRequest }
  | { kind: 'findings'; memory: boolean }
  | { kind: 'report'; format: ReportFormat; /** Written there; null: the text comes back. */ target: string | null }
  | { kind: 'yara'; request: YaraRequest }
  | { kind: 'diff' }
  | { kind: 'integrity' };

export interface HeavyResults {
  search: SearchSummary;
  strings: StringsPage;
  findings: FindingsReport & { values: Map<string, string> };
  report: { text: string | null; bytes: number };
  diff: ArchiveDiff;
  yara: YaraReport;
  integrity: { members: MemberHash[]; problems: ProblemInfo[] };
}

export type TaskOf<K extends HeavyKind> = Extract<HeavyTask, { kind: K }>;

export type ProgressUpdate = Pick<JobProgress, 'phase'> & Partial<Omit<JobProgress, 'jobId' | 'phase'>>;

export interface TaskIo {
  signal?: AbortSignal;
  progress(update: ProgressUpdate): void;
  /** Search matches as they are found (the job streams them as search.results). */
  matches(matches: MemoryMatch[]): void;
}

function searchTask(session: InspectSession, request: SearchRequest, io: TaskIo): Promise<SearchSummary> {
  const gate = progressGate();
  return searchMemory(sessionSource(session), {
    ...request,
    ...(io.signal ? { signal: io.signal } : {}),
    onMatches: (matches) => io.matches(matches),
    onProgress: (done, total) => {
      if (!gate(done >= total)) return;
      io.progress({ phase: 'search', fraction: total > 0 ? done / total : null, bytesDone: done, bytesTotal: total });
    },
  }).then(({ matches: _all, ...summary }) => summary);
}

async function reportTask(
  session: InspectSession,
  task: TaskOf<'report'>,
  io: TaskIo,
): Promise<HeavyResults['report']> {
  const opts = {
    ...(io.signal ? { signal: io.signal } : {}),
    onStep: (where: string) => io.progress({ phase: 'reading', message: where }),
    onMemoryBytes: memoryProgress(io, 'reading'),
  };
  if (task.target === null) {
    const text = await renderReport(session, task.format, opts);
    return { text, bytes: Buffer.byteLength(text) };
  }
  const { bytes } = await writeReport(session, task.target, task.format, opts);
  return { text: null, bytes };
}

function integrityTask(session: InspectSession, io: TaskIo): Promise<HeavyResults['integrity']> {
  const gate = progressGate();
  return hashMembers(session, {
    ...(io.signal ? { signal: io.signal } : {}),
    onBytes: (done, total) => {
      if (gate(done >= total)) io.progress({ phase: 'hashing', bytesDone: done, bytesTotal: total });
    },
  });
}

/** Findings' memory step (alone, or in a report): bytes scanned of the total, as the job's progress. */
function memoryProgress(io: TaskIo, phase: string): (done: number, total: number) => void {
  const gate = progressGate();
  return (done, total) => {
    if (!gate(done >= total)) return;
    io.progress({
      phase,
      fraction: total > 0 ? done / total : null,
      bytesDone: done,
      bytesTotal: total,
      message: 'memory',
    });
  };
}

/** The memory diff's bytes hashed of all it will hash, as the diff job's progress. */
function diffProgress(io: TaskIo): (done: number, total: number) => void {
  const gate = progressGate();
  return (done, total) => {
    if (!gate(done >= total)) return;
    io.progress({ phase: 'memory', fraction: total > 0 ? done / total : null, bytesDone: done, bytesTotal: total });
  };
}

export async function runHeavyTask<K extends HeavyKind>(
  task: TaskOf<K>,
  sessions: readonly InspectSession[],
  io: TaskIo,
): Promise<HeavyResults[K]> {
  const [a, b] = sessions as [InspectSession, InspectSession | undefined];
  const signal = io.signal ? { signal: io.signal } : {};
  const t = task as HeavyTask;
  let result: HeavyResults[HeavyKind];
  switch (t.kind) {
    case 'search':
      result = await searchTask(a, t.request, io);
      break;
    case 'strings':
      result = await memoryStrings(sessionSource(a), t.request);
      break;
    case 'findings':
      result = await findSecrets(a, {
        memory: t.memory ? sessionSource(a) : null,
        ...signal,
        onStep: (where) => io.progress({ phase: 'scanning', message: where }),
        onMemoryBytes: memoryProgress(io, 'scanning'),
      });
      break;
    case 'report':
      result = await reportTask(a, t, io);
      break;
    case 'yara':
      result = await yaraTask(a, t.request, io);
      break;
    case 'diff':
      io.progress({ phase: 'comparing' });
      result = await diffArchives(a, b ?? a, io.signal, diffProgress(io));
      break;
    case 'integrity':
      result = await integrityTask(a, io);
      break;
  }
  return result as HeavyResults[K];
}
