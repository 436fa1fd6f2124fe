import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCheckpointApp, type Checkpointer } from '../../../electron/app/checkpoint';
import { CHECKPOINT_TIMEOUT_SECONDS } from '../../../electron/app/defaults';
import { EventBus } from '../../../electron/app/event-bus';
import { JobManager } from '../../../electron/jobs/job-manager';
import type { ArchiveSummary, JobOutcome } from '../../../shared/dto';
import { AppError } from '../../../shared/errors';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ckpt-app-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function harness(openPath: (p: string) => Promise<ArchiveSummary>) {
  const events = new EventBus();
  const jobs = new JobManager(events);
  const finished: JobOutcome[] = [];
  const opened: ArchiveSummary[] = [];
  const logged: string[] = [];
  events.subscribe((event, payload) => {
    if (event === 'job.finished') finished.push(payload as JobOutcome);
    if (event === 'archive.opened') opened.push(payload as ArchiveSummary);
  });
  const asked: { outputPath: string; timeoutSeconds: number }[] = [];
  const checkpoint: Checkpointer = async (req) => {
    asked.push(req);
    await writeFile(req.outputPath, 'tar');
    return {
      outputPath: req.outputPath,
      via: 'native',
      bytes: 3,
      how: 'native-shared',
      reason: 'test',
      notes: [],
      after: { expected: 'running', state: 'running', ok: true, message: 'still running' },
    };
  };
  const app = createCheckpointApp({
    jobs,
    events,
    checkpoint,
    outputFolder: () => dir,
    openPath,
    logError: (context) => logged.push(context),
  });
  const outcome = (jobId: string) =>
    new Promise<JobOutcome>((resolve) => {
      const found = finished.find((f) => f.jobId === jobId);
      if (found) return resolve(found);
      const off = events.subscribe((event, payload) => {
        if (event === 'job.finished' && (payload as JobOutcome).jobId === jobId) {
          off();
          resolve(payload as JobOutcome);
        }
      });
    });
  return { app, asked, opened, logged, outcome };
}

const target = { containerId: 'c0ffee0123456789', namespace: 'default', via: 'native' as const, leaveRunning: true };

describe('checkpoint app', () => {
  it('refuses a taken name with CONFLICT before any work, and leaves the file alone', async () => {
    const h = harness(async () => {
      throw new Error('not reached');
    });
    await writeFile(path.join(dir, 'taken.tar'), 'precious');
    await expect(h.app.start({ ...target, fileName: 'taken' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(h.asked).toEqual([]);
    expect(await readFile(path.join(dir, 'taken.tar'), 'utf8')).toBe('precious');
  });

  it('names the archive by the shared rules and uses the shared timeout', async () => {
    const h = harness(async (p) => ({ archiveId: 'a1', fileName: path.basename(p) }) as ArchiveSummary);
    const { jobId, outputPath } = await h.app.start(target);
    expect(path.dirname(outputPath)).toBe(dir);
    expect(path.basename(outputPath)).toMatch(/^checkpoint-c0ffee012345-\d{4}-\d\d-\d\dT[\d-]+Z\.tar$/);
    const done = await h.outcome(jobId);
    expect(done).toMatchObject({ ok: true, result: { outputPath, archiveId: 'a1', openError: null } });
    expect(h.asked[0]?.timeoutSeconds).toBe(CHECKPOINT_TIMEOUT_SECONDS);
    expect(h.opened.map((s) => s.archiveId)).toEqual(['a1']);
  });

  it('a written archive that fails to open: the job says written-but-not-opened, logs it, rejects nothing', async () => {
    const h = harness(async () => {
      throw new AppError('LIMIT_EXCEEDED', 'at most 16 archives can be open at once');
    });
    const { jobId, outputPath } = await h.app.start({ ...target, fileName: 'ok.tar' });
    const done = await h.outcome(jobId);
    expect(done.ok).toBe(true);
    const result = (done as { result: { archiveId: unknown; openError: { code: string; message: string } } }).result;
    expect(result.archiveId).toBeNull();
    expect(result.openError.code).toBe('LIMIT_EXCEEDED');
    expect(result.openError.message).toContain(`written at ${outputPath} but could not be opened`);
    expect(result.openError.message).toContain('16 archives');
    expect(h.logged).toEqual(['open checkpoint ok.tar']);
    expect(h.opened).toEqual([]);
    expect(await readFile(outputPath, 'utf8')).toBe('tar');
  });
});
