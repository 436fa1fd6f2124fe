import { AppError, toErrorInfo } from '../../shared/errors';
import type { JobInfo, JobKind, JobProgress } from '../../shared/dto';
import type { EventBus } from '../ipc/event-bus';

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

let counter = 0;
function newJobId(): string {
  counter += 1;
  return `j${Date.now().toString(36)}${counter.toString(36)}`;
}

/**
 * Long work (checkpoint, search, hashing) runs as a job: an id, progress
 * events, cancel by id, and one `job.finished` event with the result or error.
 */
export class JobManager {
  private readonly jobs = new Map<string, RunningJob>();

  constructor(private readonly events: EventBus) {}

  start<T>(kind: JobKind, title: string, work: (ctx: JobContext) => Promise<T>): { jobId: string; done: Promise<T> } {
    const jobId = newJobId();
    const controller = new AbortController();
    const info: JobInfo = { jobId, kind, title, startedAt: new Date().toISOString() };
    this.jobs.set(jobId, { info, controller });
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
      // Let the caller receive the job id before the first event.
      await Promise.resolve();
      try {
        controller.signal.throwIfAborted();
        const result = await work(ctx);
        this.events.emit('job.finished', { jobId, ok: true, result });
        return result;
      } catch (error) {
        const info = controller.signal.aborted ? new AppError('CANCELLED', 'cancelled').toInfo() : toErrorInfo(error);
        this.events.emit('job.finished', { jobId, ok: false, error: info });
        throw error;
      } finally {
        this.jobs.delete(jobId);
      }
    })();
    // The outcome travels as an event; callers that await `done` handle it themselves.
    done.catch(() => undefined);
    return { jobId, done };
  }

  list(): JobInfo[] {
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
