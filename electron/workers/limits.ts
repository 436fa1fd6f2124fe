// The limits every heavy task runs under, in one place. A task that passes
// one is ended (its worker terminated) with LIMIT_EXCEEDED naming the limit.
import type { ResourceLimits } from 'node:worker_threads';
import { YARA_DEADLINE_MS } from '../inspect/yara/limits';

/** The work that runs off the host's main thread. */
export type HeavyKind = 'search' | 'strings' | 'findings' | 'report' | 'diff' | 'yara' | 'integrity';

/** Wall-clock time a task may run once its worker has started. */
export const WORKER_DEADLINE_MS: Readonly<Record<HeavyKind, number>> = {
  search: 10 * 60_000,
  findings: 10 * 60_000,
  report: 10 * 60_000,
  diff: 10 * 60_000,
  // The scan's own deadline turns into a problem; this one ends a single window that runs past it.
  yara: YARA_DEADLINE_MS + 60_000,
  // Member hashes read every byte of the archive once (about 1 GB/s here).
  integrity: 60 * 60_000,
  // One page of strings scans at most 32 MiB (inspect/search/strings.ts).
  strings: 30_000,
};

/** The worker's V8 heap; Buffers (bounded by the archive limits) are outside it. */
export const WORKER_MAX_OLD_GENERATION_MB = 512;
export const WORKER_MAX_YOUNG_GENERATION_MB = 32;
export const WORKER_STACK_MB = 4;

/** Workers running at once; more tasks wait for a free one (each may hold its heap cap). */
export const MAX_WORKERS = 4;

/** A worker that finished a task stays this long for the next task on the same archives (strings pages). */
export const WORKER_IDLE_MS = 15_000;
/** Idle workers kept at most; the oldest goes first. */
export const MAX_IDLE_WORKERS = 2;

/** What a host (or a test) may set instead of the defaults above. */
export interface WorkerLimitOverrides {
  /** One deadline for every kind. */
  deadlineMs?: number;
  maxOldGenerationSizeMb?: number;
  maxYoungGenerationSizeMb?: number;
  maxWorkers?: number;
}

export interface ResolvedWorkerLimits {
  deadlineMs(kind: HeavyKind): number;
  resources: Required<Pick<ResourceLimits, 'maxOldGenerationSizeMb' | 'maxYoungGenerationSizeMb' | 'stackSizeMb'>>;
  maxWorkers: number;
}

export function resolveWorkerLimits(overrides: WorkerLimitOverrides = {}): ResolvedWorkerLimits {
  return {
    deadlineMs: (kind) => overrides.deadlineMs ?? WORKER_DEADLINE_MS[kind],
    resources: {
      maxOldGenerationSizeMb: overrides.maxOldGenerationSizeMb ?? WORKER_MAX_OLD_GENERATION_MB,
      maxYoungGenerationSizeMb: overrides.maxYoungGenerationSizeMb ?? WORKER_MAX_YOUNG_GENERATION_MB,
      stackSizeMb: WORKER_STACK_MB,
    },
    maxWorkers: overrides.maxWorkers ?? MAX_WORKERS,
  };
}
