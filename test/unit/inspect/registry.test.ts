import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveRegistry, createArchivesPort, mintArchiveId } from '../../../electron/inspect/archive-registry';
import type { InspectSession, OpenArchive } from '../../../electron/inspect/session';

let base: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'registry-'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const closed: string[] = [];
const fakeOpen: OpenArchive = (path, { archiveId, cacheDir }) => {
  if (path.includes('broken')) return Promise.reject(new Error('not a tar'));
  return Promise.resolve({
    archiveId,
    path,
    cacheDir,
    close: () => (closed.push(archiveId), Promise.resolve()),
  } as unknown as InspectSession);
};

describe('ArchiveRegistry', () => {
  it('mints ids the contract accepts', () => {
    const ids = new Set(Array.from({ length: 200 }, mintArchiveId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^a[0-9a-z]{1,32}$/);
  });

  it('opens into a private folder per archive and removes it on close', async () => {
    const reg = await createArchivesPort({ open: fakeOpen, cacheBase: base });
    expect((await stat(reg.cacheRoot)).mode & 0o777).toBe(0o700);
    const s = await reg.open('/x/a.tar');
    expect(reg.get(s.archiveId)).toBe(s);
    expect(await readdir(reg.cacheRoot)).toEqual([s.archiveId]);
    await reg.close(s.archiveId);
    expect(closed).toContain(s.archiveId);
    expect(await readdir(reg.cacheRoot)).toEqual([]);
    expect(() => reg.get(s.archiveId)).toThrow(/no open archive/);
    expect(() => reg.get('../etc')).toThrow(/no open archive/);
    await reg.removeCache();
    await expect(stat(reg.cacheRoot)).rejects.toThrow();
  });

  it('caps the number of open archives and cleans up a failed open', async () => {
    const reg = new ArchiveRegistry(base, fakeOpen, 2);
    await reg.open('/a.tar');
    await expect(reg.open('/broken.tar')).rejects.toThrow('not a tar');
    expect((await readdir(base)).length).toBe(1);
    await reg.open('/b.tar');
    await expect(reg.open('/c.tar')).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    await reg.closeAll();
    expect(reg.list()).toEqual([]);
    expect(await readdir(base)).toEqual([]);
  });
});
