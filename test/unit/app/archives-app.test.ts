// Opening and hashing as jobs, on real fixture archives: every host hears
// job.started, byte progress and one finished event; cancel leaves nothing open.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArchivesApp } from '../../../electron/app/archives';
import { createArchivesPort, type ArchiveRegistry } from '../../../electron/inspect/archive-registry';
import { EventBus } from '../../../electron/app/event-bus';
import { JobManager } from '../../../electron/jobs/job-manager';
import { SettingsStore } from '../../../electron/settings/settings-store';
import type { EventMap, EventName } from '../../../shared/events';

const ZSTD = resolve(__dirname, '../../fixtures/podman-web-zstd.tar.zst');
const TAR = resolve(__dirname, '../../fixtures/containerd-cri-web.tar');

let base: string;
let registry: ArchiveRegistry;
let seen: { event: EventName; payload: EventMap[EventName] }[];
let jobs: JobManager;
let app: ReturnType<typeof createArchivesApp>;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'archives-app-'));
  registry = await createArchivesPort({ cacheBase: base });
  const bus = new EventBus();
  seen = [];
  bus.subscribe((event, payload) => seen.push({ event, payload }));
  jobs = new JobManager(bus);
  const settings = await SettingsStore.load(join(base, 'settings'));
  app = createArchivesApp({ jobs, archives: registry, settings });
});
afterEach(async () => {
  await registry.closeAll();
  await rm(base, { recursive: true, force: true });
});

const of = <E extends EventName>(event: E) =>
  seen.filter((s) => s.event === event).map((s) => s.payload as EventMap[E]);

describe('archives app', () => {
  it('opens a compressed archive as a job: started, decompression bytes up to the total, finished with the summary', async () => {
    const summary = await app.open(ZSTD);
    expect(summary.compression).toBe('zstd');
    const [started] = of('job.started');
    expect(started).toMatchObject({ kind: 'open', title: 'Open podman-web-zstd.tar.zst' });
    const progress = of('job.progress').filter((p) => p.jobId === started!.jobId);
    expect(progress.some((p) => p.phase === 'decompressing')).toBe(true);
    const last = progress.filter((p) => p.phase === 'decompressing').at(-1)!;
    expect(last.bytesTotal).toBe((await readFile(ZSTD)).length);
    expect(last.bytesDone).toBe(last.bytesTotal);
    expect(of('job.finished')).toEqual([
      { jobId: started!.jobId, ok: true, result: { kind: 'open', archive: summary } },
    ]);
  });

  it('remembers an opened archive in the recent list, but never a temporary copy (an upload)', async () => {
    const settings = await SettingsStore.load(join(base, 'settings-recent'));
    const recentApp = createArchivesApp({ jobs, archives: registry, settings });
    await recentApp.open(ZSTD, { temporary: true });
    expect(settings.recent()).toEqual([]);
    await recentApp.open(TAR);
    expect(settings.recent().map((r) => r.displayPath)).toEqual([TAR]);
  });

  it('a cancelled open answers CANCELLED and leaves nothing open or cached', async () => {
    const bus = new EventBus();
    const cancelling = new JobManager(bus);
    bus.subscribe((event, payload) => {
      if (event === 'job.started') cancelling.cancel((payload as EventMap['job.started']).jobId);
    });
    const settings = await SettingsStore.load(join(base, 'settings2'));
    const cancelApp = createArchivesApp({ jobs: cancelling, archives: registry, settings });
    await expect(cancelApp.open(ZSTD)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(registry.list()).toEqual([]);
    expect(await readdir(registry.cacheRoot)).toEqual([]);
  });

  it('hashes as a job with byte progress, the same digest as the file', async () => {
    const summary = await app.open(TAR);
    seen.length = 0;
    const digest = await app.sha256(summary.archiveId);
    expect(digest).toBe(
      createHash('sha256')
        .update(await readFile(TAR))
        .digest('hex'),
    );
    const [started] = of('job.started');
    expect(started).toMatchObject({ kind: 'hash', archiveId: summary.archiveId });
    const last = of('job.progress').at(-1)!;
    expect(last).toMatchObject({ phase: 'hashing', bytesDone: summary.size, bytesTotal: summary.size, fraction: 1 });
    expect(of('job.finished').at(-1)).toMatchObject({
      ok: true,
      result: { kind: 'hash', archiveId: summary.archiveId, sha256: digest },
    });
  });
});
