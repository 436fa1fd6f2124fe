// The memory diff inside the Compare job's heavy task: it reports its bytes
// hashed as progress (phase "memory") and stops with CANCELLED on cancel.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../../electron/inspect/open-archive';
import type { InspectSession } from '../../../electron/inspect/session';
import { runHeavyTask, type ProgressUpdate } from '../../../electron/workers/heavy-tasks';
import { EXPECTED, PAGE, writeMemdiffPair } from './memdiff-pairs';

const dir = mkdtempSync(join(tmpdir(), 'h-memdiff-job-'));
let sessions: InspectSession[] = [];

beforeAll(async () => {
  const { a, b } = writeMemdiffPair(dir);
  sessions = [
    await openArchive(a, { archiveId: 'a', cacheDir: join(dir, 'ca') }),
    await openArchive(b, { archiveId: 'b', cacheDir: join(dir, 'cb') }),
  ];
});
afterAll(async () => {
  for (const s of sessions) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Compare job', () => {
  it('carries the memory diff by content and reports its progress', async () => {
    const updates: ProgressUpdate[] = [];
    const diff = await runHeavyTask({ kind: 'diff' }, sessions, {
      progress: (u) => updates.push(u),
      matches: () => undefined,
    });
    expect(diff.pages.processes.find((p) => p.pid === 6)?.pages.map((p) => p.address)).toEqual(
      EXPECTED.changed.addresses,
    );
    const memory = updates.filter((u) => u.phase === 'memory');
    expect(memory.length).toBeGreaterThan(0);
    expect(memory.at(-1)).toMatchObject({ fraction: 1, bytesDone: diff.pages.bytesCompared });
    expect(diff.pages.bytesCompared).toBe((19 + 19 + 18) * 2 * PAGE);
  });

  it('stops with CANCELLED when cancelled while it hashes pages', async () => {
    const ctl = new AbortController();
    const run = runHeavyTask({ kind: 'diff' }, sessions, {
      signal: ctl.signal,
      progress: (u) => {
        if (u.phase === 'memory') ctl.abort();
      },
      matches: () => undefined,
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
