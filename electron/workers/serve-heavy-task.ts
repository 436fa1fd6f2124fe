// The worker side: open the shared archives once, then run each task the
// main thread sends, one at a time, answering each with done or failed.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { fromErrorInfo, toErrorInfo } from '../../shared/errors';
import type { InspectSession } from '../inspect/session';
import { runHeavyTask, type HeavyTask } from './heavy-tasks';
import type { FromWorker, ToWorker, WorkerInput } from './messages';
import { openSharedSession } from './worker-session';

export interface WorkerHooks {
  /** Tests only: replace a session before a task reads it (e.g. one whose reads never return). */
  wrapSession?: (session: InspectSession) => InspectSession;
}

/** Ids of sha256 requests: one counter for the port, which every archive's requests share. */
let nextHashRequest = 0;

function hashFromMain(port: MessagePort, archive: number): () => Promise<string> {
  return () =>
    new Promise((resolve, reject) => {
      const id = nextHashRequest++;
      const onReply = (m: ToWorker) => {
        if (m.type !== 'sha256' || m.id !== id) return;
        port.off('message', onReply);
        if (m.ok) resolve(m.value);
        else reject(fromErrorInfo(m.error));
      };
      port.on('message', onReply);
      port.postMessage({ type: 'sha256', id, archive } satisfies FromWorker);
    });
}

async function openAll(port: MessagePort, input: WorkerInput, hooks: WorkerHooks): Promise<InspectSession[]> {
  const sessions: InspectSession[] = [];
  for (const [i, shared] of input.archives.entries()) {
    const cacheDir = join(input.cacheDir, String(i));
    await mkdir(cacheDir, { mode: 0o700 });
    sessions.push(await openSharedSession(shared, cacheDir, hashFromMain(port, i)));
  }
  return sessions.map(hooks.wrapSession ?? ((s) => s));
}

export function serveHeavyTask(hooks: WorkerHooks = {}): void {
  const port = parentPort;
  if (!port) throw new Error('serveHeavyTask runs in a worker thread');
  const input = workerData as WorkerInput;
  const post = (m: FromWorker) => port.postMessage(m);
  // Opened on the first task; kept (with what they decoded) for the next ones.
  let sessions: Promise<InspectSession[]> | null = null;
  const run = async (task: HeavyTask) => {
    try {
      sessions ??= openAll(port, input, hooks);
      const value = await runHeavyTask(task, await sessions, {
        progress: (update) => post({ type: 'progress', update }),
        matches: (matches) => post({ type: 'matches', matches }),
      });
      post({ type: 'done', value });
    } catch (error) {
      post({ type: 'failed', error: toErrorInfo(error) });
    }
  };
  port.on('message', (m: ToWorker) => {
    if (m.type === 'task') void run(m.task);
  });
}
