import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareCriuFolders } from '../../../electron/checkpoint/criu-folders';
import { containerdSeesFolder } from '../../../electron/checkpoint/shared-folder';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ckpt-shared-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('whether containerd sees our folder', () => {
  it('is the same folder through /proc/PID/root of a process in our mount namespace', async () => {
    expect(await containerdSeesFolder(process.pid, dir)).toEqual({ same: true });
  });

  it('is not, with no pid, an unknown pid, or a folder missing there', async () => {
    expect((await containerdSeesFolder(null, dir)).same).toBe(false);
    expect((await containerdSeesFolder(2 ** 22 + 4321, dir)).same).toBe(false);
    // A fake /proc whose "root" lacks the folder: what a containerd in another mount namespace looks like.
    const fakeProc = mkdtempSync(path.join(dir, 'proc-'));
    expect(await containerdSeesFolder(7, dir, fakeProc)).toMatchObject({ same: false, known: false });
    mkdirSync(path.join(fakeProc, '7', 'root'), { recursive: true });
    const v = await containerdSeesFolder(7, dir, fakeProc);
    expect(v).toMatchObject({
      same: false,
      known: true,
      reason: expect.stringContaining('does not exist where containerd'),
    });
  });
});

describe('CRIU folders for a native checkpoint', () => {
  it('shares a work and an image folder beside the output when containerd sees them, and removes them', async () => {
    const f = await prepareCriuFolders(undefined, path.join(dir, 'out.tar'), process.pid, 'io.containerd.runc.v2');
    expect(f.notShared).toBeNull();
    expect(path.dirname(f.workDir!)).toBe(dir);
    expect(path.dirname(f.imageDir!)).toBe(f.workDir);
    await f.cleanup();
    expect((await import('node:fs')).existsSync(f.workDir!)).toBe(false);
  });

  it('shares nothing (and leaves nothing) when containerd cannot be shown to see the folder', async () => {
    const before = (await import('node:fs')).readdirSync(dir).filter((n) => n.startsWith('.criu-work-'));
    const f = await prepareCriuFolders(undefined, path.join(dir, 'out.tar'), null, 'io.containerd.runc.v2');
    expect(f).toMatchObject({ workDir: null, imageDir: null, notShared: expect.stringContaining('pid') });
    expect((await import('node:fs')).readdirSync(dir).filter((n) => n.startsWith('.criu-work-'))).toEqual(before);
    expect(
      (await prepareCriuFolders(null, path.join(dir, 'out.tar'), process.pid, 'io.containerd.runc.v2')).workDir,
    ).toBeNull();
    expect(
      (await prepareCriuFolders(undefined, path.join(dir, 'out.tar'), process.pid, 'io.containerd.kata.v2')).notShared,
    ).toContain('not runc');
  });
});
