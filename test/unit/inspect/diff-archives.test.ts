// The Compare screen's model (diffArchives) on archives without CRIU images:
// two of them compare as no change; pstree.img on one side only is said.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffArchives } from '../../../electron/inspect/diff/diff-archives';
import { openArchive } from '../../../electron/inspect/open-archive';
import type { InspectSession } from '../../../electron/inspect/session';
import { someImages, writeBare } from '../cli/diff-pairs';

const dir = mkdtempSync(join(tmpdir(), 'h-diff-model-'));
const sessions: InspectSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(path: string): Promise<InspectSession> {
  const cacheDir = join(dir, `c${sessions.length}`);
  mkdirSync(cacheDir, { mode: 0o700 });
  const s = await openArchive(path, { archiveId: `m${sessions.length}`, cacheDir });
  sessions.push(s);
  return s;
}

describe('diffArchives without CRIU images', () => {
  it('two archives of config and spec only: nothing changed, nothing failed', async () => {
    const d = await diffArchives(await open(writeBare(join(dir, 'a.tar'))), await open(writeBare(join(dir, 'b.tar'))));
    expect(d.problems).toEqual([]);
    expect(d.processes).toEqual({ added: [], removed: [], changed: [] });
    expect(d.files).toEqual({ added: [], removed: [] });
    expect(d.sockets).toEqual({ added: [], removed: [] });
    expect(d.memory).toEqual([]);
    expect(d.spec).toEqual([]);
  });

  it('pstree.img on one side only: its processes are removed, and the side without it is named', async () => {
    const ps = writeBare(join(dir, 'ps.tar'), someImages(['pstree.img', 'core-1.img', 'core-6.img', 'core-7.img']));
    const d = await diffArchives(await open(ps), await open(writeBare(join(dir, 'c.tar'))));
    expect(d.processes.removed.map((p) => p.pid)).toEqual([1, 6, 7]);
    expect(d.problems).toContainEqual(
      expect.objectContaining({ side: 'b', where: 'checkpoint/pstree.img', code: 'NOT_FOUND' }),
    );
    expect(d.problems.filter((p) => p.side === 'b')).toHaveLength(1);
  });
});
