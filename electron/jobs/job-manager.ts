import { AppError, toErrorInfo } from '../../shared/errors';
import type { JobInfo, JobKind, JobOutcome, JobProgress, JobResultOf } from '../../shared/dto';
import type { EventBus } from '../app/event-bus';

export interface JobContext {
  readonly signal: AbortSignal;
  progress(
    update: Omit<JobProgress, 'jobId' | 'fraction' | 'bytesDone' | 'bytesTotal' | 'message'> & Partial<JobProgress>,
  ): void;
}

interface RunningJob {
  info: JobInfo;
  controller: AbortController;
}

export interface JobOptions {
  /** The archive the job works on, so every host can tell which tab it belongs to. */
  archiveId?: string | null;
}

/** What a job's work returns: its kind's result, without the kind (the manager adds it). */
export type WorkResult<K extends JobKind> = Omit<JobResultOf<K>, 'kind'>;

/** Finished jobs job.list still reports, newest kept. */
const KEEP_FINISHED = 20;

let counter = 0;
function newJobId(): string {
  counter += 1;
  return `j${Date.now().toString(36)}${counter.toString(36)}`;
}

/**
 * Long work (checkpoint, open, search, hashing, findings, report, diff) runs
 * as a job: `job.started` first, then progress events, cancel by id, and one
 * `job.finished` event with the result (by kind) or the error.
 */
export class JobManager {
  private readonly jobs = new Map<string, RunningJob>();
  private readonly finished: JobInfo[] = [];

  constructor(private readonly events: EventBus) {}

  start<K extends JobKind>(
    kind: K,
    title: string,
    work: (ctx: JobContext) => Promise<WorkResult<K>>,
    options: JobOptions = {},
  ): { jobId: string; done: Promise<JobResultOf<K>> } {
    const jobId = newJobId();
    const controller = new AbortController();
    const info: JobInfo = {
      jobId,
      kind,
      title,
      startedAt: new Date().toISOString(),
      archiveId: options.archiveId ?? null,
    };
    this.jobs.set(jobId, { info, controller });
    // Before any progress: a host learns of every job, whoever started it.
    this.events.emit('job.started', info);
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (update) =>
        this.events.emit('job.progress', {
          jobId,
          fraction: null,
          bytesDone: null,
          bytesTotal: null,
          message: null,
          ...update,
        }),
    };
    const done = (async () => {
      // Let the caller receive the job id before the first progress event.
      await Promise.resolve();
      try {
        controller.signal.throwIfAborted();
        const result = { ...(await work(ctx)), kind } as JobResultOf<K>;
        this.finish(info, { jobId, ok: true, result });
        return result;
      } catch (error) {
        const failure = controller.signal.aborted
          ? new AppError('CANCELLED', 'cancelled').toInfo()
          : toErrorInfo(error);
        this.finish(info, { jobId, ok: false, error: failure });
        throw controller.signal.aborted ? new AppError('CANCELLED', 'cancelled') : error;
      } finally {
        this.jobs.delete(jobId);
      }
    })();
    // The outcome travels as an event; callers that await `done` handle it themselves.
    done.catch(() => undefined);
    return { jobId, done };
  }

  /** Runs a job and answers with its result: the caller waits, every host sees progress and can cancel. */
  run<K extends JobKind>(
    kind: K,
    title: string,
    work: (ctx: JobContext) => Promise<WorkResult<K>>,
    options: JobOptions = {},
  ): Promise<JobResultOf<K>> {
    return this.start(kind, title, work, options).done;
  }

  private finish(info: JobInfo, outcome: JobOutcome): void {
    this.finished.push({ ...info, outcome });
    if (this.finished.length > KEEP_FINISHED) this.finished.shift();
    this.jobs.delete(info.jobId);
    this.events.emit('job.finished', outcome);
  }

  /** Running jobs, then the last few finished ones with their outcomes, oldest first. */
  list(): JobInfo[] {
    return [...this.finished, ...[...this.jobs.values()].map((j) => ({ ...j.info, outcome: null }))];
  }

  /** Only the running ones. */
  running(): JobInfo[] {
    return [...this.jobs.values()].map((j) => j.info);
  }

  cancel(jobId: string): void {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', `no running job ${jobId}`);
    job.controller.abort(new AppError('CANCELLED', 'cancelled by the user'));
  }

  cancelAll(): void {
    for (const job of this.jobs.values()) job.controller.abort(new AppError('CANCELLED', 'shutting down'));
  }
}
