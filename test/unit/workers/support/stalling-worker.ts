// A heavy worker whose search stalls its thread for good, as a catastrophic
// regex does whatever engine runs: the first memory read blocks synchronously
// and only terminate() ends it. It says so first (progress phase 'stalled'),
// so a test knows the search itself is under way, not the worker's start.
import { parentPort } from 'node:worker_threads';
import type { FromWorker } from '../../../../electron/workers/messages';
import { serveHeavyTask } from '../../../../electron/workers/serve-heavy-task';
import { overriding } from '../../../../electron/workers/worker-session';

function stall(): never {
  parentPort?.postMessage({ type: 'progress', update: { phase: 'stalled' } } satisfies FromWorker);
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

serveHeavyTask({ wrapSession: (session) => overriding(session, { memoryRegions: () => stall() }) });
