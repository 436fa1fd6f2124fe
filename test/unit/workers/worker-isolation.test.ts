// Heavy work runs in worker threads (issue 18): through the browser host over
// a real WebSocket, one client's worst-case search never stalls another
// client's calls, cancel ends it by terminating its worker, and a search past
// its deadline or its heap cap fails with LIMIT_EXCEEDED naming the limit
// while the host keeps answering.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeCore, type ComposedCore } from '../../../electron/ipc/compose';
import { startBrowserHost, type BrowserHost } from '../../../electron/serve/browser-host';
import type { HeavyRunnerOptions } from '../../../electron/workers/heavy-runner';
import type { JobOutcome } from '../../../shared/dto';
import { memoryImages, run, writeCheckpoint } from '../hostile-regex/regex-archives';
import { connectClient, type Client } from './support/ws-clients';

const STALLING = join(__dirname, 'support', 'stalling-worker.ts');
/** 8 MiB of 'a' ending in '!': `(a+)+$` fails at every start, the worst case of a backtracking engine. */
const A_PAGES = 2048;

let tmp: string;
let archivePath: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'ci-h-workers-'));
  archivePath = join(tmp, 'a-runs.tar');
  writeCheckpoint(archivePath, memoryImages([run('a', A_PAGES, '!')]).images);
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

interface Running {
  composed: ComposedCore;
  host: BrowserHost;
  archiveId: string;
  a: Client;
  b: Client;
  stop(): Promise<void>;
}

/** A browser host on the real core with these worker options, the archive open, two clients connected. */
async function startHost(name: string, workers: HeavyRunnerOptions): Promise<Running> {
  const dir = join(tmp, name);
  const rendererDir = join(dir, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  const previous = process.env['XDG_CACHE_HOME'];
  process.env['XDG_CACHE_HOME'] = join(dir, 'cache');
  let composed: ComposedCore;
  try {
    composed = await composeCore({
      host: { kind: 'browser', samplePath: null },
      userDataDir: join(dir, 'user'),
      allowCheckpoint: false,
      socketPath: join(dir, 'no-containerd.sock'),
      workers: { cacheBase: join(dir, 'worker-cache'), ...workers },
    });
  } finally {
    if (previous === undefined) delete process.env['XDG_CACHE_HOME'];
    else process.env['XDG_CACHE_HOME'] = previous;
  }
  const host = await startBrowserHost({
    core: composed.core,
    rendererDir,
    uploadDir: join(composed.cacheRoot, 'uploads'),
    port: 0,
  });
  const { archiveId } = await composed.core.openPath(archivePath);
  const [a, b] = [await connectClient(host.url, host.origin), await connectClient(host.url, host.origin)];
  return {
    composed,
    host,
    archiveId,
    a,
    b,
    stop: async () => {
      a.close();
      b.close();
      await host.close();
      await composed.dispose();
    },
  };
}

async function startSearch(client: Client, args: Record<string, unknown>): Promise<string> {
  const started = await client.invoke<{ jobId: string }>('search.start', args);
  if (!started.ok) throw new Error(`search.start: ${started.error.code} ${started.error.message}`);
  return started.value.jobId;
}

const finishedOf = (client: Client, jobId: string): Promise<JobOutcome> =>
  client.event('job.finished', (f) => f.jobId === jobId);

/** Times `count` app.info calls of one client, one after the other; each must answer ok. */
async function appInfoLatencies(client: Client, count: number, until?: () => boolean): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < count && !(until?.() ?? false); i++) {
    const t0 = performance.now();
    const info = await client.invoke('app.info', {});
    ms.push(performance.now() - t0);
    expect(info.ok).toBe(true);
  }
  return ms;
}

const p50 = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (xs: number[]) => `p50 ${p50(xs).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms over ${xs.length}`;

describe('heavy work in worker threads, through the browser host', () => {
  it('a search stuck in its thread stalls no other client; cancel ends it and its worker', async () => {
    const h = await startHost('stalled', { entry: STALLING });
    try {
      const jobId = await startSearch(h.a, { archiveId: h.archiveId, kind: 'regex', query: '(a+)+$' });
      const finished = finishedOf(h.a, jobId);
      // The worker's thread is blocked inside the search now, as under a catastrophic regex.
      await h.a.event('job.progress', (p) => p.jobId === jobId && p.phase === 'stalled');
      const latencies = await appInfoLatencies(h.b, 20);
      const overview = await h.b.invoke('archive.overview', { archiveId: h.archiveId });
      expect(overview.ok).toBe(true);
      // Answered while the search still runs: its job.finished has not arrived.
      expect(h.a.seen('job.finished').some((f) => f.jobId === jobId)).toBe(false);
      expect(h.composed.core.jobs.running().map((j) => j.jobId)).toContain(jobId);
      expect(h.composed.core.heavy.liveWorkers()).toBe(1);

      const t0 = performance.now();
      const cancelled = await h.a.invoke('job.cancel', { jobId });
      expect(cancelled.ok).toBe(true);
      expect(await finished).toMatchObject({ jobId, ok: false, error: { code: 'CANCELLED' } });
      const cancelMs = performance.now() - t0;
      expect(h.composed.core.heavy.liveWorkers()).toBe(0);
      expect((await h.b.invoke('app.info', {})).ok).toBe(true);
      console.info(
        `[workers] app.info during a stalled search: ${fmt(latencies)}; cancel to job.finished ${cancelMs.toFixed(1)} ms`,
      );
    } finally {
      await h.stop();
    }
  });

  it('the real search of (a+)+$ over 8 MiB of a runs in a worker: the other client is answered while it runs', async () => {
    const h = await startHost('real', {});
    try {
      const jobId = await startSearch(h.a, { archiveId: h.archiveId, kind: 'regex', query: '(a+)+$' });
      const finished = finishedOf(h.a, jobId);
      const done = () => h.a.seen('job.finished').some((f) => f.jobId === jobId);
      const latencies = await appInfoLatencies(h.b, 400, done);
      const answeredWhileRunning = !done();
      const overview = await h.b.invoke('archive.overview', { archiveId: h.archiveId });
      expect(overview.ok).toBe(true);
      // A backtracking engine would never end it: cancel then (a linear one ends it with its result).
      if (!done()) await h.a.invoke('job.cancel', { jobId });
      const outcome = await finished;
      expect(latencies.length).toBeGreaterThan(0);
      expect(outcome.ok || (!outcome.ok && outcome.error.code === 'CANCELLED')).toBe(true);
      console.info(
        `[workers] app.info during a real (a+)+$ search: ${fmt(latencies)}; ${answeredWhileRunning ? 'still running after them' : 'search ended first'}; outcome ${outcome.ok ? 'result' : outcome.error.code}`,
      );
    } finally {
      await h.stop();
    }
  });

  it('a search past its deadline fails with LIMIT_EXCEEDED naming the deadline; the host answers on', async () => {
    const h = await startHost('deadline', { entry: STALLING, limits: { deadlineMs: 300 } });
    try {
      const jobId = await startSearch(h.a, { archiveId: h.archiveId, kind: 'regex', query: '(a+)+$' });
      const outcome = await finishedOf(h.a, jobId);
      expect(outcome).toMatchObject({
        jobId,
        ok: false,
        error: { code: 'LIMIT_EXCEEDED', details: { limit: 'deadlineMs', value: 300 } },
      });
      expect(outcome.ok ? '' : outcome.error.message).toMatch(/deadline of 300 ms/);
      expect(h.composed.core.heavy.liveWorkers()).toBe(0);
      expect((await h.b.invoke('app.info', {})).ok).toBe(true);
      expect((await h.b.invoke('archive.overview', { archiveId: h.archiveId })).ok).toBe(true);
    } finally {
      await h.stop();
    }
  });

  it('a search past its heap cap fails with LIMIT_EXCEEDED naming the cap; the host answers on', async () => {
    const h = await startHost('heap', { limits: { maxOldGenerationSizeMb: 96 } });
    try {
      // 8 MiB of hits on 'a', each with 8 KiB of context as hex: gigabytes of strings before the first batch.
      const args = { archiveId: h.archiveId, kind: 'text', query: 'a', context: 4096, maxMatches: 100_000 };
      const jobId = await startSearch(h.a, args);
      const outcome = await finishedOf(h.a, jobId);
      expect(outcome).toMatchObject({
        jobId,
        ok: false,
        error: { code: 'LIMIT_EXCEEDED', details: { limit: 'maxOldGenerationSizeMb', value: 96 } },
      });
      expect(outcome.ok ? '' : outcome.error.message).toMatch(/memory cap of 96 MB/);
      expect(h.composed.core.heavy.liveWorkers()).toBe(0);
      expect((await h.b.invoke('app.info', {})).ok).toBe(true);
      expect((await h.b.invoke('archive.overview', { archiveId: h.archiveId })).ok).toBe(true);
    } finally {
      await h.stop();
    }
  });
});
