/**
 * Long use of the real core: open, browse and close archives many times, run
 * memory searches, and measure what a leak would grow: open file
 * descriptors, folders in the private cache, RSS (after a forced GC).
 */
import { readdir } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ComposedCore } from '../../electron/ipc/compose';
import type { JobOutcome } from '../../shared/dto';
import type { Envelope } from '../../shared/envelope';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface Usage {
  fds: number;
  cacheEntries: number;
  rssMiB: number;
}

export async function usage(cacheRoot: string): Promise<Usage> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    fds: (await readdir('/proc/self/fd')).length,
    cacheEntries: (await readdir(cacheRoot)).length,
    rssMiB: Math.round(process.memoryUsage.rss() / 2 ** 20),
  };
}

async function call<T>(composed: ComposedCore, channel: string, args: unknown): Promise<T> {
  const env = (await composed.core.dispatch(channel, args)) as Envelope<T>;
  if (!env.ok) throw new Error(`${channel}: ${env.error.code} ${env.error.message}`);
  return env.value;
}

/** Opens one archive by path (as main does), touches its views, checks the cache while open, closes it. */
export async function openBrowseClose(composed: ComposedCore, path: string): Promise<void> {
  const { archiveId, compression } = await composed.core.openPath(path);
  await call(composed, 'archive.overview', { archiveId });
  const processes = await call<{ pid: number }[]>(composed, 'inspect.processes', { archiveId });
  await call(composed, 'inspect.files', { archiveId });
  await call(composed, 'inspect.rootfs', { archiveId });
  const pid = processes[0]?.pid;
  if (pid !== undefined) {
    const vmas = await call<{ start: number; dumped: number }[]>(composed, 'inspect.vmas', { archiveId, pid });
    const vma = vmas.find((v) => v.dumped > 0);
    if (vma) await call(composed, 'inspect.readMemory', { archiveId, pid, address: vma.start, length: 4096 });
  }
  const own = (await readdir(composed.cacheRoot)).filter((n) => n === archiveId);
  if (own.length !== 1) throw new Error(`${archiveId} has no cache folder while open`);
  if (compression !== 'none' && (await readdir(`${composed.cacheRoot}/${archiveId}`)).length === 0) {
    throw new Error(`${archiveId}: a ${compression} archive left nothing in its cache folder while open`);
  }
  await call(composed, 'archive.close', { archiveId });
}

/** One memory search job over the contract, waited for through its job.finished event. */
export async function searchOnce(composed: ComposedCore, archiveId: string, query: string): Promise<JobOutcome> {
  const outcomes = new Map<string, JobOutcome>();
  let wake: () => void = () => undefined;
  const unsubscribe = composed.core.events.subscribe((event, payload) => {
    if (event !== 'job.finished') return;
    const outcome = payload as JobOutcome;
    outcomes.set(outcome.jobId, outcome);
    wake();
  });
  try {
    const { jobId } = await call<{ jobId: string }>(composed, 'search.start', {
      archiveId,
      kind: 'text',
      query,
      maxMatches: 100,
    });
    const deadline = Date.now() + 120_000;
    // The job may finish before its id comes back: outcomes are kept from the start.
    while (!outcomes.has(jobId)) {
      if (Date.now() > deadline) throw new Error(`search ${jobId} did not finish within 120 s`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 1000).unref();
      });
    }
    return outcomes.get(jobId)!;
  } finally {
    unsubscribe();
  }
}
