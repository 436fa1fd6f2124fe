import { createHash } from 'node:crypto';
import { rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, openNestedTar } from '../../../electron/archive/index';
import { file, tar } from '../../hostile/tar-writer';
import { expectAppError, scratch, type Scratch } from './helpers';

let s: Scratch;
beforeEach(async () => {
  s = await scratch();
});
afterEach(async () => {
  await s.dispose();
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const inner = tar(file('etc/hostname', 'original\n'));
const outer = tar(
  file('config.dump', '{"v":1}'),
  file('rootfs-diff.tar', inner),
  file('checkpoint/pages-1.img', Buffer.alloc(8192, 7)),
);
const other = tar(
  file('config.dump', '{"v":2}'),
  file('rootfs-diff.tar', tar(file('etc/hostname', 'other!!!!\n'))),
  file('checkpoint/pages-1.img', Buffer.alloc(8192, 9)),
);

describe('every read of an archive uses the file opened at open', () => {
  it('opens through a link, and keeps reading that file after another is renamed over its path', async () => {
    const real = await s.write('real.tar', outer);
    const link = join(s.dir, 'latest.tar');
    await symlink(real, link);
    const index = await openArchive(link, { cacheDir: s.cacheDir });
    try {
      await writeFile(join(s.dir, 'other.tar'), other);
      await rename(join(s.dir, 'other.tar'), real);
      expect(await index.sha256()).toBe(sha(outer));
      const pages = index.get('checkpoint/pages-1.img')!;
      const target = Buffer.alloc(4096);
      expect((await index.readInto(pages, 4096, 4096, target)).equals(Buffer.alloc(4096, 7))).toBe(true);
      const nested = await openNestedTar(index, index.get('rootfs-diff.tar')!, { cacheDir: s.cacheDir });
      try {
        expect((await nested.readAll(nested.get('etc/hostname')!, 100)).toString()).toBe('original\n');
      } finally {
        await nested.close();
      }
    } finally {
      await index.close();
    }
  });

  it('hashes a compressed archive as it was opened, not its decompressed copy or its replacement', async () => {
    const gz = gzipSync(outer);
    const path = await s.write('c.tar.gz', gz);
    const index = await openArchive(path, { cacheDir: s.cacheDir });
    try {
      await writeFile(join(s.dir, 'other.tar.gz'), gzipSync(other));
      await rename(join(s.dir, 'other.tar.gz'), path);
      expect(await index.sha256()).toBe(sha(gz));
    } finally {
      await index.close();
    }
  });

  it('readInto refuses ranges outside the member or the buffer', async () => {
    const index = await openArchive(await s.write('r.tar', outer), { cacheDir: s.cacheDir });
    try {
      const pages = index.get('checkpoint/pages-1.img')!;
      await expectAppError(index.readInto(pages, 8000, 4096, Buffer.alloc(4096)), 'INVALID_ARGUMENT');
      await expectAppError(index.readInto(pages, 0, 4096, Buffer.alloc(10)), 'INVALID_ARGUMENT');
      const ac = new AbortController();
      ac.abort();
      await expectAppError(index.sha256(ac.signal), 'CANCELLED');
    } finally {
      await index.close();
    }
  });
});
