import type { ErrorInfo } from '../errors';

export type JobKind = 'checkpoint' | 'open' | 'search' | 'hash' | 'report';

export interface JobInfo {
  jobId: string;
  kind: JobKind;
  title: string;
  startedAt: string;
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

export type JobOutcome = { jobId: string; ok: true; result: unknown } | { jobId: string; ok: false; error: ErrorInfo };
