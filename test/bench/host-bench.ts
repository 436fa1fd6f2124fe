// Benchmark: does one client's worst-case search stall the browser host for
// others? The built host (`serve ARCHIVE`, a child process, its heavy work in
// worker threads) on the 1 GiB memhog archive; client A runs a regex search
// that is slow on the linear engine over all of its memory, while client B
// times `app.info` and `archive.overview`, one after the other. Beside them,
// the same calls with nothing running: the host's own floor in this run.
// Then A cancels: the time until its job.finished arrives.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { JobOutcome } from '../../shared/dto';
import type { ArchiveSummary } from '../../shared/dto/archive';
import { connectClient, type Client } from '../unit/workers/support/ws-clients';
import { archiveFor } from './search-bench';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
/** Caseless alternation: the slowest common shape on re2js (about 70 MiB/s here), seconds for 1 GiB. */
const WORST_PATTERN = '(?i)(password|secret|token)[=:]\\S{8,64}';
/** How long B keeps calling while A's search runs. */
const MEASURE_MS = 5000;

function startHost(archive: string): Promise<{ child: ChildProcess; url: string; origin: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'checkpoint-inspector.cjs'), 'serve', archive], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    // Ready once it has printed its URL (stdout) and opened the archive (stderr: "opened ...").
    let out = '';
    let err = '';
    const check = () => {
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/\?token=\S+/.exec(out);
      if (m && /(^|\n)[^\n]*opened /.test(err)) resolve({ child, url: m[0], origin: m[1]! });
    };
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      check();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      check();
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code} before it was ready: ${err}`)));
  });
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50Ms: s[Math.floor(s.length / 2)] ?? NaN, maxMs: s[s.length - 1] ?? NaN };
};

/** B's calls, timed one after the other, for `ms` or until `stop()` says so. */
async function timeCalls(b: Client, archiveId: string, ms: number, stop: () => boolean) {
  const info: number[] = [];
  const overview: number[] = [];
  for (const end = performance.now() + ms; performance.now() < end && !stop();) {
    let t0 = performance.now();
    if (!(await b.invoke('app.info', {})).ok) throw new Error('app.info failed');
    info.push(performance.now() - t0);
    t0 = performance.now();
    if (!(await b.invoke('archive.overview', { archiveId })).ok) throw new Error('archive.overview failed');
    overview.push(performance.now() - t0);
  }
  return { appInfo: stats(info), overview: stats(overview) };
}

export async function runHostBench(mib = 1024): Promise<Record<string, unknown>> {
  const archive = await archiveFor(mib);
  const host = await startHost(archive);
  try {
    const [a, b] = [await connectClient(host.url, host.origin), await connectClient(host.url, host.origin)];
    const listed = await b.invoke<ArchiveSummary[]>('archive.list', {});
    if (!listed.ok || !listed.value[0]) throw new Error('the host has no archive open');
    const archiveId = listed.value[0].archiveId;
    const idle = await timeCalls(b, archiveId, 1000, () => false);

    const started = await a.invoke<{ jobId: string }>('search.start', {
      archiveId,
      kind: 'regex',
      query: WORST_PATTERN,
    });
    if (!started.ok) throw new Error(`search.start: ${started.error.message}`);
    const jobId = started.value.jobId;
    const finished: Promise<JobOutcome> = a.event('job.finished', (f) => f.jobId === jobId);
    let done = false;
    void finished.then(() => (done = true));
    // The search is under way once its first progress arrives (the worker has started and is reading memory).
    await a.event('job.progress', (p) => p.jobId === jobId);
    const during = await timeCalls(b, archiveId, MEASURE_MS, () => done);
    const stillRunning = !done;
    const t0 = performance.now();
    await a.invoke('job.cancel', { jobId });
    const outcome = await finished;
    const cancelMs = performance.now() - t0;
    a.close();
    b.close();
    return {
      archiveMiB: mib,
      pattern: WORST_PATTERN,
      idle,
      duringSearch: during,
      searchStillRunningWhenMeasured: stillRunning,
      cancelToFinishedMs: cancelMs,
      cancelOutcome: outcome.ok ? 'finished' : outcome.error.code,
      ratioAppInfoMax: during.appInfo.maxMs / Math.max(idle.appInfo.maxMs, 0.001),
    };
  } finally {
    host.child.kill('SIGTERM');
  }
}
