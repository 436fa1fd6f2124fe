import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, openNestedTar } from '../../../electron/archive/index';
import { entry, file, tar } from '../../hostile/tar-writer';
import { zstdRaw } from '../../hostile/zstd-writer';
import { expectAppError, scratch, type Scratch } from './helpers';

let s: Scratch;
beforeEach(async () => {
  s = await scratch();
});
afterEach(async () => {
  await s.dispose();
});

const rootfs = tar(
  entry({ name: 'etc/', type: '5' }),
  file('etc/hostname', 'box\n'),
  file('tmp/dropped.bin', Buffer.alloc(5000, 9)),
  entry({ name: 'bin/sh', type: '2', linkname: '/bin/busybox' }),
);

describe('openNestedTar (rootfs-diff.tar)', () => {
  it('indexes a plain nested tar in place: offsets into the parent file, no copy', async () => {
    const outer = tar(file('config.dump', '{}'), file('rootfs-diff.tar', rootfs), file('spec.dump', '{}'));
    const parent = await openArchive(await s.write('c.tar', outer), { cacheDir: s.cacheDir });
    const member = parent.get('rootfs-diff.tar')!;
    const nested = await openNestedTar(parent, member, { cacheDir: s.cacheDir });
    expect(nested.indexedPath).toBe(parent.indexedPath);
    expect(nested.compression).toBe('none');
    expect(nested.archiveSize).toBe(rootfs.length);
    expect(nested.members.map((m) => m.name)).toEqual(['etc', 'etc/hostname', 'tmp/dropped.bin', 'bin/sh']);
    const hostname = nested.get('etc/hostname')!;
    expect(hostname.dataOffset).toBeGreaterThan(member.dataOffset);
    expect(outer.subarray(hostname.dataOffset, hostname.dataOffset + 4).toString()).toBe('box\n');
    expect((await nested.readAll(hostname, 100)).toString()).toBe('box\n');
    expect(await s.cacheFiles()).toEqual([]);
    await parent.close();
    // Its own descriptor: the nested index outlives the parent's.
    expect((await nested.read(hostname, 0, 3)).toString()).toBe('box');
    await nested.close();
  });

  it('decompresses a gzip rootfs-diff.tar (as containerd writes it) inside a gzip archive into the cache', async () => {
    const outer = gzipSync(tar(file('rootfs-diff.tar', gzipSync(rootfs))));
    const parent = await openArchive(await s.write('c.tar.gz', outer), { cacheDir: s.cacheDir });
    const nested = await openNestedTar(parent, parent.get('rootfs-diff.tar')!, { cacheDir: s.cacheDir });
    expect(nested.compression).toBe('gzip');
    expect(nested.indexedPath).not.toBe(parent.indexedPath);
    expect((await nested.readAll(nested.get('tmp/dropped.bin')!, 5000)).equals(Buffer.alloc(5000, 9))).toBe(true);
    expect(await s.cacheFiles()).toHaveLength(2);
    await nested.close();
    await parent.close();
    expect(await s.cacheFiles()).toEqual([]);
  });

  it('handles zstd nested tars too', async () => {
    const parent = await openArchive(await s.write('c.tar', tar(file('rootfs-diff.tar', zstdRaw(rootfs)))), {
      cacheDir: s.cacheDir,
    });
    const nested = await openNestedTar(parent, parent.get('rootfs-diff.tar')!, { cacheDir: s.cacheDir });
    expect(nested.get('etc/hostname')?.size).toBe(4);
    await Promise.all([nested.close(), parent.close()]);
  });

  it('keeps a nested tar inside its member: a size running past the member end is truncated, not read from the parent', async () => {
    const inner = Buffer.concat([entry({ name: 'greedy', size: 100_000 }), Buffer.alloc(512)]);
    const outer = tar(file('rootfs-diff.tar', inner), file('after', Buffer.alloc(200_000, 7)));
    const parent = await openArchive(await s.write('c.tar', outer), { cacheDir: s.cacheDir });
    const nested = await openNestedTar(parent, parent.get('rootfs-diff.tar')!, { cacheDir: s.cacheDir });
    expect(nested.get('greedy')?.size).toBe(512);
    expect(nested.problems).toEqual([
      expect.objectContaining({ code: 'TRUNCATED', message: expect.stringContaining('truncated member greedy') }),
    ]);
    await Promise.all([nested.close(), parent.close()]);
  });

  it('refuses non-file members and members of another index', async () => {
    const parent = await openArchive(await s.write('c.tar', tar(entry({ name: 'd/', type: '5' }), file('x', 'y'))), {
      cacheDir: s.cacheDir,
    });
    const other = await openArchive(await s.write('o.tar', tar(file('x', 'y'))), { cacheDir: s.cacheDir });
    await expectAppError(openNestedTar(parent, parent.get('d')!, { cacheDir: s.cacheDir }), 'ARCHIVE_UNSUPPORTED');
    await expectAppError(openNestedTar(parent, other.get('x')!, { cacheDir: s.cacheDir }), 'INTERNAL');
    await expectAppError(openNestedTar(parent, parent.get('x')!, { cacheDir: s.cacheDir }), 'ARCHIVE_CORRUPT');
    await Promise.all([parent.close(), other.close()]);
  });
});
