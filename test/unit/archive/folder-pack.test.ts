// A folder opened as an archive is hostile too: links are listed, never
// followed; fifos are not opened; a bare CRIU folder's images are read under
// checkpoint/; a folder that is no checkpoint is refused; the copy goes on close.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openArchive } from '../../../electron/archive';

let root: string;
let cache: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'folder-pack-'));
  cache = path.join(root, 'cache');
  mkdirSync(cache, { mode: 0o700 });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('a bare CRIU folder: images under checkpoint/, a link kept as a link, a fifo not read', async () => {
  const dir = path.join(root, 'dump');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'inventory.img'), Buffer.from([1, 2, 3]));
  writeFileSync(path.join(root, 'secret'), 'outside the folder');
  symlinkSync(path.join(root, 'secret'), path.join(dir, 'parent'));
  execFileSync('mkfifo', [path.join(dir, 'pipe')]);
  const index = await openArchive(dir, { cacheDir: cache });
  try {
    expect(index.layout).toBe('criu-folder');
    const inventory = index.get('checkpoint/inventory.img');
    expect(inventory && (await index.read(inventory, 0, 3))).toEqual(Buffer.from([1, 2, 3]));
    expect(index.get('checkpoint/parent')).toMatchObject({
      type: 'symlink',
      size: 0,
      linkname: path.join(root, 'secret'),
    });
    expect(index.get('checkpoint/pipe')).toBeUndefined();
    expect(index.problems).toEqual([
      { where: 'checkpoint/pipe', code: 'ARCHIVE_UNSUPPORTED', message: 'a FIFO: not read' },
    ]);
    expect(readdirSync(cache).some((n) => n.endsWith('.tar'))).toBe(true);
  } finally {
    await index.close();
  }
  expect(readdirSync(cache).filter((n) => n.endsWith('.tar'))).toEqual([]);
});

it('an unpacked archive: names as in the tar, long names through pax', async () => {
  const dir = path.join(root, 'unpacked');
  const long = `${'a'.repeat(120)}/${'b'.repeat(90)}.img`;
  mkdirSync(path.join(dir, 'checkpoint', 'a'.repeat(120)), { recursive: true });
  writeFileSync(path.join(dir, 'config.dump'), '{"name":"x"}');
  writeFileSync(path.join(dir, 'checkpoint', long), 'long');
  const index = await openArchive(dir, { cacheDir: cache });
  try {
    expect(index.layout).toBe('folder');
    const m = index.get(`checkpoint/${long}`);
    expect(m && (await index.read(m, 0, 4)).toString()).toBe('long');
    expect(index.get('config.dump')?.size).toBe(12);
    expect(index.problems).toEqual([]);
  } finally {
    await index.close();
  }
});

it('a folder that is no checkpoint is refused before anything is copied', async () => {
  const dir = path.join(root, 'other');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'a.tar'), 'x');
  await expect(openArchive(dir, { cacheDir: cache })).rejects.toMatchObject({ code: 'ARCHIVE_UNSUPPORTED' });
  expect(readdirSync(cache)).toEqual([]);
});
