// archive.openWithParent through the real core: the incremental checkpoint is
// opened again with the open pre-checkpoint export as its parent, its old id
// closed, and memory only the parent holds reads through inspect.readMemory.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeCore, type ComposedCore } from '../../../electron/ipc/compose';
import { makeWithPreviousFixtures } from '../../fixtures/with-previous-fixtures';

const f = makeWithPreviousFixtures();
const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'ci-open-with-parent-'));
let composed: ComposedCore | null = null;

afterAll(async () => {
  await composed?.dispose();
  f.remove();
  rmSync(userDataDir, { recursive: true, force: true });
});

function value<T>(r: { ok: boolean }): T {
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return (r as unknown as { value: T }).value;
}

describe('archive.openWithParent', () => {
  it('reopens the child with the parent, closes the old id, and reads the parent pages', async () => {
    composed = await composeCore({ host: { kind: 'browser', samplePath: null }, userDataDir, allowCheckpoint: false });
    const { core } = composed;
    const child = await core.openPath(f.child);
    const parent = await core.openPath(f.parent);
    expect(child.parent).toBeNull();
    const { start, end } = f.parentRange;
    const before = value<{ data: string }>(
      await core.dispatch('inspect.readMemory', {
        archiveId: child.archiveId,
        pid: f.pid,
        address: start,
        length: end - start,
      }),
    );
    expect(Buffer.from(before.data, 'base64').toString('latin1')).not.toContain(f.needle);

    const again = value<{ archiveId: string; parent: string | null }>(
      await core.dispatch('archive.openWithParent', { archiveId: child.archiveId, parentArchiveId: parent.archiveId }),
    );
    expect(again.parent).toBe('pre-checkpoint.tar');
    const open = value<{ archiveId: string }[]>(await core.dispatch('archive.list', {})).map((a) => a.archiveId);
    expect(open).toContain(again.archiveId);
    expect(open).not.toContain(child.archiveId);
    const after = value<{ data: string; present: boolean[] }>(
      await core.dispatch('inspect.readMemory', {
        archiveId: again.archiveId,
        pid: f.pid,
        address: start,
        length: end - start,
      }),
    );
    expect(Buffer.from(after.data, 'base64').toString('latin1')).toContain(f.needle);

    const self = await core.dispatch('archive.openWithParent', {
      archiveId: again.archiveId,
      parentArchiveId: again.archiveId,
    });
    expect(self.ok).toBe(false);
  });
});
