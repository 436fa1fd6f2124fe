// Issue 18: the catastrophic regex through the browser host's real WebSocket.
// The search job ends with the right result within the hostile budget, and a
// pattern the engine cannot run is refused with INVALID_ARGUMENT.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeCore, type ComposedCore } from '../../../electron/ipc/compose';
import { startBrowserHost, type BrowserHost } from '../../../electron/serve/browser-host';
import type { JobOutcome, MemoryMatch } from '../../../shared/dto';
import type { Envelope } from '../../../shared/envelope';
import { HOSTILE_BUDGET } from '../../support/run-cli-process';
import { get, invokeOverWs, openWs } from '../serve/http-client';
import { memoryImages, run, writeCheckpoint, type PlantedRun } from './regex-archives';

let tmp: string;
let composed: ComposedCore;
let host: BrowserHost;
let ws: WebSocket;
let archiveId: string;
let aRun: PlantedRun;

async function value<T>(channel: string, args: unknown): Promise<T> {
  const env = (await invokeOverWs(ws, channel, args)) as Envelope<T>;
  if (!env.ok) throw new Error(`${channel}: ${env.error.code} ${env.error.message}`);
  return env.value;
}

/** Every job.finished and search.results seen on the socket, by job id, so none is missed whatever the order. */
const finished = new Map<string, JobOutcome>();
const results = new Map<string, MemoryMatch[]>();
const waiters = new Map<string, (o: JobOutcome) => void>();

function watchEvents(socket: WebSocket): void {
  socket.on('message', (raw: Buffer) => {
    const m = JSON.parse(String(raw)) as { type: string; event?: string; payload?: { jobId?: string } };
    const jobId = m.payload?.jobId;
    if (m.type !== 'event' || jobId === undefined) return;
    if (m.event === 'search.results')
      results.set(jobId, [...(results.get(jobId) ?? []), ...(m.payload as { matches: MemoryMatch[] }).matches]);
    if (m.event === 'job.finished') {
      finished.set(jobId, m.payload as JobOutcome);
      waiters.get(jobId)?.(m.payload as JobOutcome);
    }
  });
}

function outcomeOf(jobId: string): Promise<JobOutcome> {
  const done = finished.get(jobId);
  return done ? Promise.resolve(done) : new Promise((resolve) => waiters.set(jobId, resolve));
}

/** Starts a search job and waits for its job.finished; its matches are those streamed as search.results. */
async function searchJob(query: string): Promise<{ outcome: JobOutcome; matches: MemoryMatch[]; ms: number }> {
  const started = Date.now();
  const { jobId } = await value<{ jobId: string }>('search.start', { archiveId, kind: 'regex', query });
  const outcome = await outcomeOf(jobId);
  return { outcome, matches: results.get(jobId) ?? [], ms: Date.now() - started };
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'h-regex-ws-'));
  const { images, planted } = memoryImages([run('a', 4096, '!')]);
  aRun = planted[0]!;
  const archive = join(tmp, 'memory.tar');
  writeCheckpoint(archive, images);
  const previous = process.env['XDG_CACHE_HOME'];
  process.env['XDG_CACHE_HOME'] = join(tmp, 'cache');
  composed = await composeCore({
    host: { kind: 'browser', samplePath: archive },
    userDataDir: join(tmp, 'user'),
    allowCheckpoint: false,
  });
  if (previous === undefined) delete process.env['XDG_CACHE_HOME'];
  else process.env['XDG_CACHE_HOME'] = previous;
  const rendererDir = join(tmp, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  host = await startBrowserHost({
    core: composed.core,
    rendererDir,
    uploadDir: join(composed.cacheRoot, 'uploads'),
    port: 0,
  });
  const cookie = String((await get(host.url)).headers['set-cookie']).split(';')[0] ?? '';
  ws = await openWs(host.origin.replace('http', 'ws') + '/api/ws', { cookie, origin: host.origin });
  watchEvents(ws);
  await value('settings.update', { socketPath: join(tmp, 'no-containerd.sock'), outputFolder: tmp });
  ({ archiveId } = await value<{ archiveId: string }>('archive.openSample', {}));
}, 60_000);

afterAll(async () => {
  ws?.terminate();
  await host?.close();
  await composed?.dispose();
  await rm(tmp, { recursive: true, force: true });
});

describe('regex search through the browser host (real WebSocket)', () => {
  it('(a+)+$ over 16 MiB of a then !: the job ends within the budget, no match in the run', async () => {
    const { outcome, matches, ms } = await searchJob('(a+)+$');
    expect(ms).toBeLessThan(HOSTILE_BUDGET.ms);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok || outcome.result.kind !== 'search') throw new Error('not a search result');
    expect(outcome.result.bytesSearched).toBeGreaterThan(aRun.bytes.length);
    expect(outcome.result.complete).toBe(true);
    expect(matches.filter((m) => m.address >= aRun.address && m.address < aRun.address + aRun.bytes.length)).toEqual(
      [],
    );
    // The host still answers afterwards.
    expect((await invokeOverWs(ws, 'app.info', {})) as Envelope<unknown>).toMatchObject({ ok: true });
  }, 60_000);

  it('(a+)+! finds the end of the run, where the ! is', async () => {
    const { outcome, matches } = await searchJob('(a+)+!');
    expect(outcome.ok).toBe(true);
    const ends = matches
      .filter((m) => m.address >= aRun.address && m.address < aRun.address + aRun.bytes.length)
      .map((m) => m.address + m.length);
    expect(ends).toEqual([aRun.address + aRun.bytes.length]);
  }, 60_000);

  it('refuses a lookbehind with INVALID_ARGUMENT naming it', async () => {
    const env = (await invokeOverWs(ws, 'search.start', { archiveId, kind: 'regex', query: '(?<=a)b' })) as Envelope<{
      jobId: string;
    }>;
    // Refused when the call is made, or as the job's outcome: either way with the reason.
    const outcome = env.ok ? await outcomeOf(env.value.jobId) : null;
    const error = outcome ? (outcome.ok ? { code: 'OK', message: '' } : outcome.error) : env.ok ? null : env.error;
    expect(error?.code).toBe('INVALID_ARGUMENT');
    expect(error?.message).toContain('lookbehind');
    expect(error?.message).toContain('linear-time engine');
  }, 60_000);
});
