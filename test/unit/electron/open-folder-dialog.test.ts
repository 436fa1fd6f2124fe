// The desktop app's "Open Checkpoint Folder…": Electron's dialog (mocked) asked
// for a directory, and the folder it returns opened by the real core, as the
// renderer's archive.openDialog { folder: true } does it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { composeCore, type ComposedCore } from '../../../electron/ipc/compose';
import { electronHost } from '../../../electron/main/host-services';
import { makeLayoutFixtures } from '../../fixtures/layout-fixtures';

const fixtures = makeLayoutFixtures();
const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'ci-open-folder-'));
let composed: ComposedCore | null = null;

afterAll(async () => {
  await composed?.dispose();
  fixtures.remove();
  rmSync(userDataDir, { recursive: true, force: true });
});

describe('archive.openDialog with folder', () => {
  it('asks Electron for a directory and opens the bare CRIU images folder it names', async () => {
    const showOpenDialog = vi.fn(async () => ({ canceled: false, filePaths: [fixtures.bare] }));
    const host = electronHost({
      dialog: { showOpenDialog, showSaveDialog: vi.fn() },
      window: () => null,
      downloadsDir: userDataDir,
      samplePath: '/nonexistent',
    });
    composed = await composeCore({ host, userDataDir, allowCheckpoint: false });
    const opened = await composed.core.dispatch('archive.openDialog', { folder: true });
    expect(opened.ok).toBe(true);
    expect(showOpenDialog).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Open Checkpoint Folder', properties: ['openDirectory'] }),
    );
    const archiveId = (opened as { value: { archiveId: string } }).value.archiveId;
    const processes = await composed.core.dispatch('inspect.processes', { archiveId });
    expect(processes.ok).toBe(true);
    expect((processes as { value: unknown[] }).value).toHaveLength(3);

    // Without the flag it asks for a file, with the archive filters.
    await composed.core.dispatch('archive.openDialog', {});
    expect(showOpenDialog).toHaveBeenLastCalledWith(
      expect.objectContaining({ title: 'Open Checkpoint', properties: ['openFile'] }),
    );
  });
});
