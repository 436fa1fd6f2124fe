import { describe, expect, it } from 'vitest';
import { checkTaskAfter, taskProbe, type TaskProbe } from '../../../electron/checkpoint/after-check';
import type { ProcessStatus } from '../../../electron/containerd/messages';

/** A probe that answers the given task states in turn (null: no task; an Error: containerd failed). */
function answers(...seq: (ProcessStatus | null | Error)[]): TaskProbe & { asked: number } {
  let i = 0;
  const inner = taskProbe(async () => {
    const next = seq[Math.min(i++, seq.length - 1)];
    if (next instanceof Error) throw next;
    return next === null ? null : { status: next as ProcessStatus, pid: 42 };
  });
  const probe = Object.assign(
    async () => {
      probe.asked += 1;
      return inner();
    },
    { asked: 0 },
  );
  return probe;
}

describe('the container after its checkpoint', () => {
  it('is still running when asked twice, with its pid', async () => {
    const probe = answers('RUNNING', 'RUNNING');
    expect(await checkTaskAfter(probe, true, 1)).toEqual({
      expected: 'running',
      state: 'running',
      ok: true,
      message: 'still running (pid 42)',
    });
    expect(probe.asked).toBe(2);
  });

  it('raises the alarm when a task running at once has exited a moment later (a sandbox whose pod died)', async () => {
    const after = await checkTaskAfter(answers('RUNNING', 'STOPPED'), true, 1);
    expect(after).toMatchObject({ expected: 'running', state: 'stopped', ok: false });
    expect(after.message).toContain('was to keep running, but it is stopped');
  });

  it('raises the alarm for a task left paused (with how to resume it) or gone', async () => {
    const paused = await checkTaskAfter(answers('PAUSED'), true, 1);
    expect(paused).toMatchObject({ state: 'paused', ok: false });
    expect(paused.message).toContain('resume');
    expect(await checkTaskAfter(answers(null), true, 1)).toMatchObject({ state: 'gone', ok: false });
  });

  it('says it could not check when containerd does not answer, never "running"', async () => {
    const after = await checkTaskAfter(answers(new Error('connection refused')), true, 1);
    expect(after).toMatchObject({ state: 'unknown', ok: false });
    expect(after.message).toContain('connection refused');
  });

  it('is stopped (or gone) when it was to be stopped; still running is the alarm', async () => {
    expect(await checkTaskAfter(answers('STOPPED'), false, 1)).toMatchObject({ expected: 'stopped', ok: true });
    expect(await checkTaskAfter(answers(null), false, 1)).toMatchObject({ state: 'gone', ok: true });
    const probe = answers('RUNNING');
    expect(await checkTaskAfter(probe, false, 1)).toMatchObject({ state: 'running', ok: false });
    expect(probe.asked, 'no settle wait when it was to stop').toBe(1);
  });
});
