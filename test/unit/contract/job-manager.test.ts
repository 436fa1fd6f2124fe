import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../electron/app/event-bus';
import { JobManager } from '../../../electron/jobs/job-manager';
import type { EventMap, EventName } from '../../../shared/events';

function recorder(bus: EventBus) {
  const seen: { event: EventName; payload: EventMap[EventName] }[] = [];
  bus.subscribe((event, payload) => seen.push({ event, payload }));
  return seen;
}

describe('JobManager', () => {
  it('emits started, progress, then one finished event with the result keyed by kind', async () => {
    const bus = new EventBus();
    const seen = recorder(bus);
    const jobs = new JobManager(bus);
    const { jobId, done } = jobs.start(
      'hash',
      'hash',
      async (ctx) => {
        ctx.progress({ phase: 'reading', bytesDone: 5, bytesTotal: 10 });
        return { archiveId: 'a1', sha256: 'ab' };
      },
      { archiveId: 'a1' },
    );
    // The started event is out before the caller has the id: no host needs to buffer.
    expect(seen.map((s) => s.event)).toEqual(['job.started']);
    expect(seen[0]?.payload).toMatchObject({ jobId, kind: 'hash', archiveId: 'a1' });
    expect(jobs.list().map((j) => j.jobId)).toEqual([jobId]);
    await expect(done).resolves.toEqual({ kind: 'hash', archiveId: 'a1', sha256: 'ab' });
    expect(seen.map((s) => s.event)).toEqual(['job.started', 'job.progress', 'job.finished']);
    expect(seen[1]?.payload).toMatchObject({ jobId, phase: 'reading', bytesDone: 5, bytesTotal: 10, fraction: null });
    expect(seen[2]?.payload).toEqual({ jobId, ok: true, result: { kind: 'hash', archiveId: 'a1', sha256: 'ab' } });
    expect(jobs.running()).toEqual([]);
    // A page reloaded meanwhile still learns how it ended.
    expect(jobs.list()).toEqual([expect.objectContaining({ jobId, outcome: seen[2]?.payload })]);
  });

  it('run() answers with the result and rejects with the error, after the finished event', async () => {
    const bus = new EventBus();
    const seen = recorder(bus);
    const jobs = new JobManager(bus);
    await expect(jobs.run('diff', 'diff', async () => ({ archiveIdA: 'a1', archiveIdB: 'a2' }))).resolves.toEqual({
      kind: 'diff',
      archiveIdA: 'a1',
      archiveIdB: 'a2',
    });
    await expect(jobs.run('hash', 'hash', () => Promise.reject(new Error('disk on fire')))).rejects.toThrow(
      'disk on fire',
    );
    expect(seen.at(-1)?.payload).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'disk on fire' } });
  });

  it('cancels by id through the signal and reports CANCELLED', async () => {
    const bus = new EventBus();
    const seen = recorder(bus);
    const jobs = new JobManager(bus);
    const { jobId, done } = jobs.start('search', 'search', (ctx) => {
      return new Promise((_resolve, reject) =>
        ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error)),
      );
    });
    jobs.cancel(jobId);
    await expect(done).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seen.at(-1)?.payload).toMatchObject({ jobId, ok: false, error: { code: 'CANCELLED' } });
    expect(() => jobs.cancel(jobId)).toThrow(/no running job/);
  });
});
