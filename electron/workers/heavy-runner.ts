// The main thread's side of heavy work: worker threads with a deadline, a
// heap cap and real cancel (terminate), so a hostile archive or pattern
// stalls only its own worker, never the host or other clients. A worker that
// finished a task waits a little for the next one on the same archives.
import type { Worker } from 'node:worker_threads';
import { AppError, fromErrorInfo, toErrorInfo } from '../../shared/errors';
import { createCacheRoot, removeCacheRoot } from '../archive';
import type { SharedFileLike } from '../inspect/ports';
import type { InspectSession } from '../inspect/session';
import { runHeavyTask, type HeavyResults, type TaskIo, type TaskOf } from './heavy-tasks';
import {
  MAX_IDLE_WORKERS,
  resolveWorkerLimits,
  WORKER_IDLE_MS,
  type HeavyKind,
  type ResolvedWorkerLimits,
  type WorkerLimitOverrides,
} from './limits';
import type { FromWorker, SharedArchive, ToWorker, WorkerInput } from './messages';
import { Slots } from './slots';
import { defaultWorkerEntry, spawnWorker } from './worker-entry';

export interface HeavyRunnerOptions {
  /** Where each worker's private cache folder is made (default: the archive module's cache base). */
  cacheBase?: string;
  limits?: WorkerLimitOverrides;
  /** The worker's entry file (default: the built bundle, or the sources under tests). */
  entry?: string;
}

export type RunIo = Partial<Omit<TaskIo, 'signal'>> & { signal?: AbortSignal };

export interface HeavyRunner {
  /** Runs the task on the sessions in a worker; rejects with CANCELLED, LIMIT_EXCEEDED (naming the limit) or the task's error. */
  run<K extends HeavyKind>(task: TaskOf<K>, sessions: readonly InspectSession[], io?: RunIo): Promise<HeavyResults[K]>;
  /** Workers alive now (busy or idle). */
  liveWorkers(): number;
  /** Ends the idle workers of an archive (it was closed). */
  forget(archiveId: string): Promise<void>;
  /** Terminates every worker (at quit); their tasks fail as cancelled. */
  close(): Promise<void>;
}

/** One worker thread and what it holds: descriptors on its archives and a cache folder. */
interface Held {
  worker: Worker;
  sessions: readonly InspectSession[];
  files: readonly SharedFileLike[];
  cacheDir: string;
  /** The running task's handler of the worker's messages and end. */
  onMessage: ((m: FromWorker) => void) | null;
  /** The worker failed (an Error, or the code it exited with before answering). */
  onEnd: ((error: AppError | Error | { exitCode: number }) => void) | null;
  idleTimer: NodeJS.Timeout | null;
  gone: Promise<void>;
}

async function closeFiles(files: readonly (SharedFileLike | null)[]): Promise<void> {
  for (const f of files) await f?.close().catch(() => undefined);
}

function workerError(kind: HeavyKind, error: unknown, limits: ResolvedWorkerLimits): AppError {
  if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    const mb = limits.resources.maxOldGenerationSizeMb;
    return new AppError('LIMIT_EXCEEDED', `the ${kind} used more than its memory cap of ${mb} MB and was stopped`, {
      limit: 'maxOldGenerationSizeMb',
      value: mb,
    });
  }
  return new AppError('INTERNAL', `the ${kind} worker failed: ${toErrorInfo(error).message}`);
}

export function createHeavyRunner(options: HeavyRunnerOptions = {}): HeavyRunner {
  const limits = resolveWorkerLimits(options.limits);
  const entry = options.entry ?? defaultWorkerEntry();
  const slots = new Slots(limits.maxWorkers);
  const live = new Set<Held>();
  const idle: Held[] = [];

  const stop = (held: Held): Promise<void> => {
    if (held.idleTimer) clearTimeout(held.idleTimer);
    const i = idle.indexOf(held);
    if (i >= 0) idle.splice(i, 1);
    void held.worker.terminate();
    return held.gone;
  };

  const spawn = async (sessions: readonly InspectSession[], files: readonly SharedFileLike[]): Promise<Held> => {
    const cacheDir = await createCacheRoot(options.cacheBase);
    const archives: SharedArchive[] = [];
    for (const [i, f] of files.entries()) {
      const { dev, ino } = await f.stat();
      const s = sessions[i]!;
      archives.push({ fd: f.fd, dev, ino, path: s.path, archiveId: s.archiveId, summary: s.summary() });
    }
    const input: WorkerInput = { archives, cacheDir };
    const worker = spawnWorker(entry, { workerData: input, resourceLimits: limits.resources });
    let exited!: () => void;
    const held: Held = {
      worker,
      sessions,
      files,
      cacheDir,
      onMessage: null,
      onEnd: null,
      idleTimer: null,
      gone: new Promise<void>((resolve) => (exited = resolve)),
    };
    live.add(held);
    worker.on('message', (m: FromWorker) => held.onMessage?.(m));
    worker.on('error', (error) => held.onEnd?.(error));
    worker.on('exit', (exitCode) => {
      held.onEnd?.({ exitCode });
      void stop(held);
      live.delete(held);
      // Its descriptors and decompressed copies go with it.
      void closeFiles(files)
        .then(() => removeCacheRoot(cacheDir))
        .finally(exited);
    });
    return held;
  };

  const take = (sessions: readonly InspectSession[]): Held | null => {
    const i = idle.findIndex(
      (h) => h.sessions.length === sessions.length && h.sessions.every((s, k) => s === sessions[k]),
    );
    if (i < 0) return null;
    const [held] = idle.splice(i, 1);
    if (held!.idleTimer) clearTimeout(held!.idleTimer);
    held!.worker.ref();
    return held!;
  };

  const park = (held: Held) => {
    idle.push(held);
    held.idleTimer = setTimeout(() => void stop(held), WORKER_IDLE_MS);
    held.idleTimer.unref();
    // An idle worker never keeps the process alive (a CLI run, a test file).
    held.worker.unref();
    while (idle.length > MAX_IDLE_WORKERS) void stop(idle[0]!);
  };

  const runOn = <K extends HeavyKind>(held: Held, task: TaskOf<K>, io: RunIo): Promise<HeavyResults[K]> =>
    new Promise<HeavyResults[K]>((resolve, reject) => {
      const deadline = limits.deadlineMs(task.kind);
      const done = (error: AppError | null, value?: unknown) => {
        held.onMessage = null;
        held.onEnd = null;
        clearTimeout(timer);
        io.signal?.removeEventListener('abort', onAbort);
        if (error === null) {
          park(held);
          resolve(value as HeavyResults[K]);
          return;
        }
        // Settled once the thread is gone, so nothing of it outlives the task.
        void stop(held).then(() => reject(error));
      };
      const timer = setTimeout(
        () =>
          done(
            new AppError('LIMIT_EXCEEDED', `the ${task.kind} ran past its deadline of ${deadline} ms and was stopped`, {
              limit: 'deadlineMs',
              value: deadline,
            }),
          ),
        deadline,
      );
      const onAbort = () => done(new AppError('CANCELLED', 'cancelled'));
      const reply = (m: ToWorker) => {
        if (held.onMessage) held.worker.postMessage(m);
      };
      held.onEnd = (error) =>
        done(
          error instanceof AppError
            ? error
            : 'exitCode' in error
              ? new AppError('INTERNAL', `the ${task.kind} worker exited (${error.exitCode}) without an answer`)
              : workerError(task.kind, error, limits),
        );
      held.onMessage = (m) => {
        if (m.type === 'progress') io.progress?.(m.update);
        else if (m.type === 'matches') io.matches?.(m.matches);
        else if (m.type === 'done') done(null, m.value);
        else if (m.type === 'failed') done(fromErrorInfo(m.error));
        else {
          const session = held.sessions[m.archive];
          if (!session)
            return reply({
              type: 'sha256',
              id: m.id,
              ok: false,
              error: { code: 'INTERNAL', message: 'no such archive' },
            });
          session.sha256(io.signal).then(
            (value) => reply({ type: 'sha256', id: m.id, ok: true, value }),
            (error: unknown) => reply({ type: 'sha256', id: m.id, ok: false, error: toErrorInfo(error) }),
          );
        }
      };
      io.signal?.addEventListener('abort', onAbort, { once: true });
      if (io.signal?.aborted) onAbort();
      else held.worker.postMessage({ type: 'task', task } satisfies ToWorker);
    });

  /** A new worker on the sessions, or null when one of them cannot be shared (fakes in tests). */
  const spawnFor = async (sessions: readonly InspectSession[]): Promise<Held | null> => {
    const files: (SharedFileLike | null)[] = [];
    try {
      for (const s of sessions) files.push((await s.reopenIndexed?.()) ?? null);
      if (files.some((f) => f === null)) {
        await closeFiles(files);
        return null;
      }
      return await spawn(sessions, files as SharedFileLike[]);
    } catch (error) {
      await closeFiles(files);
      throw error;
    }
  };

  return {
    run: async (task, sessions, io = {}) => {
      // Busy workers are capped; idle ones (at most MAX_IDLE_WORKERS) hold no slot.
      const release = await slots.take(io.signal);
      try {
        const held = take(sessions) ?? (await spawnFor(sessions));
        if (held) return await runOn(held, task, io);
        // Sessions no worker can reach run here, cancelled by their signal only.
        return await runHeavyTask(task, sessions, { progress: () => undefined, matches: () => undefined, ...io });
      } finally {
        release();
      }
    },
    liveWorkers: () => live.size,
    forget: async (archiveId) => {
      await Promise.all(idle.filter((h) => h.sessions.some((s) => s.archiveId === archiveId)).map(stop));
    },
    close: async () => {
      const all = [...live];
      for (const held of all) held.onEnd?.(new AppError('CANCELLED', 'shutting down'));
      await Promise.all(all.map(stop));
    },
  };
}
