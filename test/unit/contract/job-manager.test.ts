import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../electron/ipc/event-bus';
import { JobManager } from '../../../electron/jobs/job-manager';
import type { EventMap, EventName } from '../../../shared/events';

function recorder(bus: EventBus) {
  const seen: { event: EventName; payload: EventMap[EventName] }[] = [];
  bus.subscribe((event, payload) => seen.push({ event, payload }));
  return seen;
}

describe('JobManager', () => {
  it('emits progress then one finished event with the result', async () => {
    const bus = new EventBus();
    const seen = recorder(bus);
    const jobs = new JobManager(bus);
    const { jobId, done } = jobs.start('hash', 'hash', async (ctx) => {
      ctx.progress({ phase: 'reading', bytesDone: 5, bytesTotal: 10 });
      return 42;
    });
    expect(jobs.list().map((j) => j.jobId)).toEqual([jobId]);
    await expect(done).resolves.toBe(42);
    expect(seen.map((s) => s.event)).toEqual(['job.progress', 'job.finished']);
    expect(seen[0]?.payload).toMatchObject({ jobId, phase: 'reading', bytesDone: 5, bytesTotal: 10, fraction: null });
    expect(seen[1]?.payload).toEqual({ jobId, ok: true, result: 42 });
    expect(jobs.list()).toEqual([]);
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
