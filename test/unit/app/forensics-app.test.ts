// Findings, report and diff as jobs on a real fixture: each is announced with
// its archive, reports the part it reads, and answers with its result.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createForensicsApp } from '../../../electron/app/forensics';
import { EventBus } from '../../../electron/app/event-bus';
import { createArchivesPort, type ArchiveRegistry } from '../../../electron/inspect/archive-registry';
import { JobManager } from '../../../electron/jobs/job-manager';
import { createHeavyRunner, type HeavyRunner } from '../../../electron/workers/heavy-runner';
import type { EventMap, EventName } from '../../../shared/events';

const TAR = resolve(__dirname, '../../fixtures/containerd-cri-web.tar');

let base: string;
let registry: ArchiveRegistry;
let seen: { event: EventName; payload: EventMap[EventName] }[];
let jobs: JobManager;
let bus: EventBus;
let heavy: HeavyRunner;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'forensics-app-'));
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

describe('forensics app', () => {
  it('findings run once as a job naming the archive, with the member read as progress', async () => {
    const { archiveId } = await registry.open(TAR);
    const app = createForensicsApp({ jobs, archives: registry, events: bus, heavy });
    const report = await app.findings(archiveId, false);
    expect(report.findings.length).toBeGreaterThan(0);
    const [started] = of('job.started');
    expect(started).toMatchObject({ kind: 'findings', archiveId });
    expect(of('job.progress').map((p) => p.message)).toContain('spec.dump');
    expect(of('job.finished')).toEqual([
      { jobId: started!.jobId, ok: true, result: { kind: 'findings', archiveId, findings: report.findings.length } },
    ]);
    // Kept: a second call is no second job, and the values can be revealed.
    await app.findings(archiveId, false);
    expect(of('job.started')).toHaveLength(1);
    await expect(app.reveal(archiveId, report.findings[0]!.id)).resolves.toEqual(expect.any(String));
  });

  it('a cancelled findings job is not kept: the next call runs again', async () => {
    const { archiveId } = await registry.open(TAR);
    const unsubscribe: { off?: () => void } = {};
    const bus = new EventBus();
    const cancelling = new JobManager(bus);
    unsubscribe.off = bus.subscribe((event, payload) => {
      if (event === 'job.started') cancelling.cancel((payload as EventMap['job.started']).jobId);
    });
    const app = createForensicsApp({ jobs: cancelling, archives: registry, events: bus, heavy });
    await expect(app.findings(archiveId, false)).rejects.toMatchObject({ code: 'CANCELLED' });
    unsubscribe.off();
    await expect(app.findings(archiveId, false)).resolves.toMatchObject({ findings: expect.any(Array) });
  });

  it('a report is a job with progress; the file written is its size', async () => {
    const { archiveId } = await registry.open(TAR);
    const app = createForensicsApp({ jobs, archives: registry, events: bus, heavy });
    const target = join(base, 'r.json');
    await app.writeReport(archiveId, 'json', target);
    const finished = of('job.finished').find((o) => o.ok && o.result.kind === 'report');
    expect(finished).toMatchObject({
      ok: true,
      result: {
        kind: 'report',
        archiveId,
        fileName: 'containerd-cri-web-report.json',
        bytes: (await stat(target)).size,
      },
    });
    expect(of('job.progress').some((p) => p.phase === 'reading')).toBe(true);
  });

  it('a diff is a job naming both archives', async () => {
    const a = await registry.open(TAR);
    const b = await registry.open(TAR);
    const app = createForensicsApp({ jobs, archives: registry, events: bus, heavy });
    const diff = await app.diff(a.archiveId, b.archiveId);
    expect(diff).toBeDefined();
    expect(of('job.started')[0]).toMatchObject({ kind: 'diff', archiveId: a.archiveId });
    expect(of('job.finished')[0]).toMatchObject({
      ok: true,
      result: { kind: 'diff', archiveIdA: a.archiveId, archiveIdB: b.archiveId },
    });
  });
});
