// What crosses between the host's main thread and a heavy worker.
import type { ArchiveSummary } from '../../shared/dto';
import type { MemoryMatch } from '../../shared/dto/forensics';
import type { ErrorInfo } from '../../shared/errors';
import type { HeavyTask, ProgressUpdate } from './heavy-tasks';

/** One open archive as a worker opens it again: the main thread's descriptor, checked by device and inode. */
export interface SharedArchive {
  fd: number;
  dev: number;
  ino: number;
  /** The path it was opened by (its name, the engine it tells); never opened again by path. */
  path: string;
  archiveId: string;
  /** What the main thread's session says of itself (compression and size of the file as opened). */
  summary: ArchiveSummary;
}

/** A worker serves tasks on one set of archives, one task at a time, until it is terminated. */
export interface WorkerInput {
  archives: SharedArchive[];
  /** A private folder (mode 0700) for what the worker decompresses; removed by the main thread. */
  cacheDir: string;
}

export type FromWorker =
  | { type: 'progress'; update: ProgressUpdate }
  | { type: 'matches'; matches: MemoryMatch[] }
  /** sha256 of archive `archive` as the main thread opened it (for a compressed one, not its decompressed copy). */
  | { type: 'sha256'; id: number; archive: number }
  | { type: 'done'; value: unknown }
  | { type: 'failed'; error: ErrorInfo };

export type ToWorker =
  | { type: 'task'; task: HeavyTask }
  | { type: 'sha256'; id: number; ok: true; value: string }
  | { type: 'sha256'; id: number; ok: false; error: ErrorInfo };
