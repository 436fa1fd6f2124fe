import type { ErrorInfo } from '../errors';
import type { ArchiveSummary } from './archive';
import type { TaskAfterCheckpoint } from './containerd';
import type { SearchSummary } from './forensics';

export type JobKind =
  'checkpoint' | 'open' | 'yara' | 'search' | 'hash' | 'findings' | 'report' | 'diff' | 'coredump' | 'integrity';

export interface JobInfo {
  jobId: string;
  kind: JobKind;
  title: string;
  startedAt: string;
  /** The archive the job works on (search, hash, findings, report, diff: the first of the two). */
  archiveId: string | null;
  /** Set once it ended: job.list keeps the last few finished jobs, so a page reloaded meanwhile still sees how they ended. */
  outcome?: JobOutcome | null;
}

export interface JobProgress {
  jobId: string;
  phase: string;
  /** 0..1 when known. */
  fraction: number | null;
  bytesDone: number | null;
  bytesTotal: number | null;
  message: string | null;
}

/** What a finished job made, by kind. Large results (a findings list, a diff) come back to the caller, not in events. */
export type JobResult =
  | {
      kind: 'checkpoint';
      outputPath: string;
      via: 'cri' | 'native';
      bytes: number;
      /** CRI, native with a folder shared with containerd, or native streamed through its content store; and why. */
      how?: 'cri' | 'native-shared' | 'native-streamed';
      reason?: string;
      /** What the archive lacks and why (also in the archive's checkpoint-inspector.json). */
      notes?: { code: string; member?: string; message: string }[];
      /** The archive opened from the result, once it is (null: not yet, or it failed: see openError). */
      archiveId?: string | null;
      /** Written, but it could not be opened (16 archives open, corrupt, disk full). */
      openError?: ErrorInfo | null;
      /** The container afterwards: running (or stopped) as asked, or the alarm when it is not. */
      after?: TaskAfterCheckpoint;
    }
  | { kind: 'open'; archive: ArchiveSummary }
  | ({ kind: 'search' } & SearchSummary)
  | { kind: 'hash'; archiveId: string; sha256: string }
  | { kind: 'findings'; archiveId: string; findings: number }
  /** A YARA scan: hits and problems counted (the report goes back to the caller). */
  | { kind: 'yara'; archiveId: string; hits: number; problems: number }
  | { kind: 'report'; archiveId: string; fileName: string; bytes: number }
  | { kind: 'diff'; archiveIdA: string; archiveIdB: string }
  /** A core file of one process: written to a path (Electron), or downloaded (browser host); `problems`: what it could not hold. */
  | { kind: 'coredump'; archiveId: string; pid: number; fileName: string; bytes: number; problems: number }
  /** sha256 of the archive and of each member (cached: read from the hash cache, nothing recomputed). */
  | { kind: 'integrity'; archiveId: string; members: number; cached: boolean };

export type JobResultOf<K extends JobKind> = Extract<JobResult, { kind: K }>;

export type JobOutcome =
  { jobId: string; ok: true; result: JobResult } | { jobId: string; ok: false; error: ErrorInfo };
