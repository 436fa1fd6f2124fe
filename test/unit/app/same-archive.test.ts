import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSameArchive, maybeCopy, sameFile } from '../../../electron/app/same-archive';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'same-archive-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A session over the file at `file` as it is now (what an open archive reports). */
async function sessionOf(file: string) {
  const s = await stat(file, { bigint: true });
  const bytes = readFile(file);
  // A folder has no bytes to read: its session is never asked to hash (asserted where it matters).
  bytes.catch(() => undefined);
  let hashed = 0;
  return {
    path: file,
    hashed: () => hashed,
    sourceIdentity: async () => ({
      dev: String(s.dev),
      ino: String(s.ino),
      size: Number(s.size),
      mtimeNs: String(s.mtimeNs),
      ctimeNs: String(s.ctimeNs),
    }),
    sha256: async () => {
      hashed++;
      return createHash('sha256')
        .update(await bytes)
        .digest('hex');
    },
  };
}

describe('sameFile and maybeCopy', () => {
  const key = { dev: '1', ino: '2', size: 10, mtimeNs: '3' };
  it('is one file only with the same device, inode, size and mtime', () => {
    expect(sameFile(key, { ...key })).toBe(true);
    expect(sameFile(key, { ...key, ino: '9' })).toBe(false);
    expect(sameFile(key, { ...key, dev: '9' })).toBe(false);
    expect(sameFile(key, { ...key, size: 11 })).toBe(false);
    expect(sameFile(key, { ...key, mtimeNs: '4' })).toBe(false);
  });
  it('hashes only copies with the same name and size', () => {
    expect(maybeCopy({ name: 'a.tar', size: 5 }, { name: 'a.tar', size: 5 })).toBe(true);
    expect(maybeCopy({ name: 'a.tar', size: 5 }, { name: 'b.tar', size: 5 })).toBe(false);
    expect(maybeCopy({ name: 'a.tar', size: 5 }, { name: 'a.tar', size: 6 })).toBe(false);
  });
});

describe('findSameArchive', () => {
  it('finds the session of the same path, and of a hard link to it, without hashing', async () => {
    const file = path.join(dir, 'web.tar');
    await writeFile(file, 'checkpoint bytes');
    const open = await sessionOf(file);
    expect(await findSameArchive(file, [open])).toBe(open);
    const linked = path.join(dir, 'link.tar');
    await link(file, linked);
    expect(await findSameArchive(linked, [open])).toBe(open);
    expect(open.hashed()).toBe(0);
  });

  it('finds an identical copy under the same name (a second upload) by its sha256', async () => {
    const file = path.join(dir, 'web.tar');
    await writeFile(file, 'checkpoint bytes');
    const open = await sessionOf(file);
    const other = path.join(dir, 'upload-2');
    await mkdir(other);
    await copyFile(file, path.join(other, 'web.tar'));
    expect(await findSameArchive(path.join(other, 'web.tar'), [open])).toBe(open);
    expect(open.hashed()).toBe(1);
  });

  it('keeps apart: copies under other names, same name and size with other bytes, a file changed since', async () => {
    const file = path.join(dir, 'web.tar');
    await writeFile(file, 'checkpoint bytes');
    const open = await sessionOf(file);
    const renamed = path.join(dir, 'web-copy.tar');
    await copyFile(file, renamed);
    expect(await findSameArchive(renamed, [open])).toBeNull();
    const sub = path.join(dir, 'sub');
    await mkdir(sub);
    await writeFile(path.join(sub, 'web.tar'), 'checkpoint BYTES');
    expect(await findSameArchive(path.join(sub, 'web.tar'), [open])).toBeNull();
    // The open file rewritten in place (same inode, new mtime and bytes): no longer what the session read.
    await writeFile(file, 'checkpoint bytez');
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    expect(await findSameArchive(file, [open])).toBeNull();
  });

  it('keeps apart two folders of the same name (a directory size is no content): no hash, no error', async () => {
    const a = path.join(dir, 'a', 'checkpoint');
    const b = path.join(dir, 'b', 'checkpoint');
    await mkdir(a, { recursive: true });
    await mkdir(b, { recursive: true });
    const open = await sessionOf(a);
    expect(await findSameArchive(b, [open])).toBeNull();
    expect(open.hashed()).toBe(0);
    expect(await findSameArchive(a, [open])).toBe(open);
  });

  it('never matches a session that cannot say what it read, and asks nothing with none open', async () => {
    const file = path.join(dir, 'web.tar');
    await writeFile(file, 'x');
    expect(await findSameArchive(file, [])).toBeNull();
    expect(await findSameArchive(file, [{ path: file, sha256: async () => 'never' }])).toBeNull();
  });
});
