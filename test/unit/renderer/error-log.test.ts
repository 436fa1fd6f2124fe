// The GUI shows what the core said: an error's log lines (CRIU's dump.log)
// and, for a checkpoint, which path it took and why, kept after later progress.
import { describe, expect, it } from 'vitest';
import { errorLog } from '../../../renderer/src/lib/error-log';
import { newJob, withProgress } from '../../../renderer/src/stores/jobs-model';

describe('an error with log lines', () => {
  it('gives its title and lines', () => {
    expect(
      errorLog({
        code: 'CHECKPOINT_FAILED',
        message: 'CRIU could not dump x',
        details: { logTitle: "CRIU's dump.log", logPath: '/p', logLines: ['Error (criu/sk-inet.c:200): inet: x', 'b'] },
      }),
    ).toEqual({ title: "CRIU's dump.log", lines: ['Error (criu/sk-inet.c:200): inet: x', 'b'] });
    expect(errorLog({ code: 'X' as never, message: '', details: { logPath: '/p', logLines: ['a'] } })?.title).toBe(
      '/p',
    );
  });

  it('is none without lines', () => {
    expect(errorLog({ code: 'CHECKPOINT_FAILED', message: 'm' })).toBeNull();
    expect(errorLog({ code: 'CHECKPOINT_FAILED', message: 'm', details: { logLines: [] } })).toBeNull();
    expect(errorLog({ code: 'CHECKPOINT_FAILED', message: 'm', details: { logLines: 'no' } })).toBeNull();
  });
});

describe("a checkpoint job's notes", () => {
  const p = (phase: string, message: string | null) => ({
    jobId: 'j',
    phase,
    message,
    fraction: null,
    bytesDone: null,
    bytesTotal: null,
  });

  it('keeps each preparing message once, in order, through later phases', () => {
    let job = newJob('j', 'checkpoint', 'Checkpoint x', '/o.tar');
    job = withProgress(job, p('preparing', 'path: native (/tmp/x does not exist where containerd runs)'));
    job = withProgress(job, p('preparing', null));
    job = withProgress(job, p('preparing', "CRIU's images stream through containerd's content store"));
    job = withProgress(job, p('preparing', 'path: native (/tmp/x does not exist where containerd runs)'));
    job = withProgress(job, p('dumping', 'CRIU is dumping the processes'));
    expect(job.notes).toEqual([
      'path: native (/tmp/x does not exist where containerd runs)',
      "CRIU's images stream through containerd's content store",
    ]);
    expect(job.progress?.phase).toBe('dumping');
  });
});
