// Hashes as a job for the GUI's hosts: announced with its archive, progress in
// bytes up to the archive plus its members, members hashed in a worker thread
// (the same digests as in-process), kept per open archive, cancel by id, and
// a verify that is recorded in the custody log.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configureCustody } from '../../../electron/app/custody';
import { readCustody } from '../../../electron/app/custody-read';
import { EventBus } from '../../../electron/app/event-bus';
import { createIntegrityApp } from '../../../electron/app/integrity-jobs';
import { formatHashList } from '../../../electron/inspect/integrity/hash-list';
import { integrityHashes } from '../../../electron/inspect/integrity/integrity-hashes';
import { createArchivesPort, type ArchiveRegistry } from '../../../electron/inspect/archive-registry';
import { JobManager } from '../../../electron/jobs/job-manager';
import { createHeavyRunner, type HeavyRunner } from '../../../electron/workers/heavy-runner';
import type { EventMap, EventName } from '../../../shared/events';

const TAR = resolve(__dirname, '../../fixtures/containerd-cri-web.tar');

let base: string;
let xdgCache: string;
let registry: ArchiveRegistry;
let seen: { event: EventName; payload: EventMap[EventName] }[];
let jobs: JobManager;
let bus: EventBus;
let heavy: HeavyRunner;

// The app's hash cache is made once per process: its folder is this file's (kept across its tests).
beforeAll(async () => {
  xdgCache = await mkdtemp(join(tmpdir(), 'h-integrity-jobs-cache-'));
  process.env['XDG_CACHE_HOME'] = xdgCache;
});
afterAll(async () => {
  await rm(xdgCache, { recursive: true, force: true });
});

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'h-integrity-jobs-'));
  // The custody log of this test only.
  configureCustody({ userDataDir: join(base, 'user-data'), tool: 'test' });
  registry = await createArchivesPort({ cacheBase: base });
  heavy = createHeavyRunner({ cacheBase: base });
  bus = new EventBus();
  seen = [];
  bus.subscribe((event, payload) => seen.push({ event, payload }));
  jobs = new JobManager(bus);
});
afterEach(async () => {
  await heavy.close();
  await registry.closeAll();
  await rm(base, { recursive: true, force: true });
});

const of = <E extends EventName>(event: E) =>
  seen.filter((s) => s.event === event).map((s) => s.payload as EventMap[E]);

describe('integrity app', () => {
  it('hashes as one job with byte progress, the members in a worker, kept per archive', async () => {
    const { archiveId } = await registry.open(TAR);
    const app = createIntegrityApp({ jobs, archives: registry, heavy });
    const hashes = await app.hashes(archiveId);
    const local = await integrityHashes(registry.get(archiveId), { cache: null });
    expect(hashes.members).toEqual(local.members);
    expect(hashes.archive.sha256).toBe(local.archive.sha256);
    const [started] = of('job.started');
    expect(started).toMatchObject({ kind: 'integrity', archiveId });
    const total = local.archive.size + local.members.reduce((n, m) => n + (m.sha256 === null ? 0 : m.size), 0);
    const last = of('job.progress').at(-1);
    expect(last).toMatchObject({ bytesDone: total, bytesTotal: total, fraction: 1 });
    expect(of('job.finished')).toEqual([
      {
        jobId: started!.jobId,
        ok: true,
        result: { kind: 'integrity', archiveId, members: local.members.length, cached: false },
      },
    ]);
    await app.hashes(archiveId);
    expect(of('job.started')).toHaveLength(1);
  });

  it('a cancelled hashing job fails as CANCELLED and is not kept', async () => {
    const { archiveId } = await registry.open(TAR);
    const app = createIntegrityApp({ jobs, archives: registry, heavy });
    const unsubscribe = bus.subscribe((event, payload) => {
      if (event === 'job.started') jobs.cancel((payload as EventMap['job.started']).jobId);
    });
    await expect(app.hashes(archiveId)).rejects.toMatchObject({ code: 'CANCELLED' });
    unsubscribe();
    await expect(app.hashes(archiveId)).resolves.toMatchObject({ archive: { fileName: 'containerd-cri-web.tar' } });
  });

  it('verifies against a hash list and records the verify in the custody log', async () => {
    const { archiveId } = await registry.open(TAR);
    const app = createIntegrityApp({ jobs, archives: registry, heavy });
    const list = formatHashList(await integrityHashes(registry.get(archiveId), { cache: null }));
    const good = await app.verify(archiveId, { text: list, name: 'web.sha256' });
    expect(good.ok).toBe(true);
    const bad = await app.verify(archiveId, {
      text: list.replace(/^[0-9a-f]/gm, (c) => (c === '0' ? '1' : '0')),
      name: 'x',
    });
    expect(bad.ok).toBe(false);
    expect(bad.counts.same).toBe(0);
    const log = await app.custody();
    expect(log.entries.map((e) => [e.action, e.detail?.['ok'], e.detail?.['reference']])).toEqual([
      ['verified', true, 'web.sha256'],
      ['verified', false, 'x'],
    ]);
    expect((await readCustody(log.file)).entries).toHaveLength(2);
  });
});
