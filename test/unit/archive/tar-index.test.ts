import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, type ArchiveIndex } from '../../../electron/archive/index';
import { base256, END, entry, file, gnuLongEntry, header, paxEntry, tar } from '../../hostile/tar-writer';
import { expectAppError, scratch, tarStreamArchive, type Scratch } from './helpers';

let s: Scratch;
const opened: ArchiveIndex[] = [];
beforeEach(async () => {
  s = await scratch();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((i) => i.close()));
  await s.dispose();
});
async function openBytes(bytes: Buffer, name = 'a.tar'): Promise<ArchiveIndex> {
  const index = await openArchive(await s.write(name, bytes), { cacheDir: s.cacheDir });
  opened.push(index);
  return index;
}

describe('indexing an uncompressed tar', () => {
  it('lists ustar members with their attributes and reads them by offset', async () => {
    const bytes = tar(
      entry({ name: 'checkpoint/', type: '5', mode: 0o755 }),
      file('checkpoint/inventory.img', 'INV', { uid: 1000, gid: 1001, mtime: 1_700_000_123 }),
      file('./config.dump', '{"x":1}'),
      entry({ name: 'link', type: '2', linkname: 'config.dump' }),
    );
    const index = await openBytes(bytes);
    expect(index.compression).toBe('none');
    expect(index.indexedPath).toBe(index.sourcePath);
    expect(index.problems).toEqual([]);
    expect(index.members.map((m) => [m.name, m.type, m.size])).toEqual([
      ['checkpoint', 'directory', 0],
      ['checkpoint/inventory.img', 'file', 3],
      ['config.dump', 'file', 7],
      ['link', 'symlink', 0],
    ]);
    const inv = index.get('checkpoint/inventory.img');
    expect(inv).toMatchObject({
      uid: 1000,
      gid: 1001,
      mode: 0o644,
      dataOffset: 1024,
      headerOffset: 512,
      rawName: 'checkpoint/inventory.img',
    });
    expect(inv?.mtime?.toISOString()).toBe(new Date(1_700_000_123_000).toISOString());
    expect(index.get('config.dump')?.rawName).toBe('./config.dump');
    expect(index.get('link')?.linkname).toBe('config.dump');
    expect(bytes.subarray(inv!.dataOffset, inv!.dataOffset + 3).toString()).toBe('INV');
  });

  it('reads ranges bounded to the member, streams ranges, and limits readAll', async () => {
    const data = Buffer.from([...Array(3000).keys()].map((i) => i % 251));
    const index = await openBytes(tar(file('a', data), file('b', 'BBBB')));
    const a = index.get('a')!;
    expect((await index.read(a, 10, 5)).equals(data.subarray(10, 15))).toBe(true);
    expect((await index.read(a, 2990, 100)).equals(data.subarray(2990))).toBe(true);
    expect((await index.read(a, 5000, 10)).length).toBe(0);
    expect((await index.access(a).read(100, 3)).equals(data.subarray(100, 103))).toBe(true);
    expect(index.access(a).size).toBe(3000);
    const chunks: Buffer[] = [];
    for await (const c of index.stream(a, { start: 1000, end: 2000 })) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(data.subarray(1000, 2000))).toBe(true);
    expect((await index.readAll(a, 3000)).equals(data)).toBe(true);
    await expectAppError(index.readAll(a, 2999), 'LIMIT_EXCEEDED');
    await expectAppError(index.read(a, -1, 5), 'INVALID_ARGUMENT');
  });

  it('refuses members of another index and calls after close', async () => {
    const one = await openBytes(tar(file('a', 'x')), 'one.tar');
    const two = await openBytes(tar(file('a', 'x')), 'two.tar');
    await expectAppError(one.read(two.get('a')!, 0, 1), 'INTERNAL');
    await expectAppError(one.read({ ...one.get('a')!, size: 1e9 }, 0, 10), 'INTERNAL');
    await one.close();
    await one.close();
    await expectAppError(one.read(one.get('a')!, 0, 1), 'CLOSED');
  });

  it('reads pax long names, long link targets, pax attributes and global headers (tar-stream and our writer)', async () => {
    const long = `${'deep/'.repeat(40)}pages-1.img`;
    const fromTarStream = await openBytes(await tarStreamArchive([{ name: long, data: Buffer.from('P') }]), 'ts.tar');
    expect(fromTarStream.get(long)?.size).toBe(1);
    const index = await openBytes(
      tar(
        paxEntry({ uid: '4242', mtime: '1600000000' }, 'g'),
        paxEntry({ path: long, size: '5', mtime: '1700000000.25', gid: '77' }),
        file('short-ignored', 'HELLO', { size: 999 }),
        paxEntry({ linkpath: `/${long}` }),
        entry({ name: 'sym', type: '2', linkname: 'short' }),
        file('after', 'z'),
      ),
    );
    expect(index.problems).toEqual([]);
    const m = index.get(long)!;
    expect(m).toMatchObject({ size: 5, uid: 4242, gid: 77, rawName: long });
    expect(m.mtime?.getTime()).toBe(1_700_000_000_250);
    expect((await index.readAll(m, 10)).toString()).toBe('HELLO');
    expect(index.get('sym')?.linkname).toBe(`/${long}`);
    expect(index.get('after')).toMatchObject({ uid: 4242, mtime: new Date(1_600_000_000_000) });
  });

  it('reads GNU long names and long links (ours and GNU tar)', async () => {
    const long = `${'x'.repeat(150)}/${'y'.repeat(150)}`;
    const index = await openBytes(
      tar(
        gnuLongEntry('L', long),
        gnuLongEntry('K', 'z'.repeat(300)),
        entry({ name: 'trunc', type: '2', format: 'gnu' }),
        gnuLongEntry('L', `${long}2`),
        file('t2', 'abc', { format: 'gnu' }),
      ),
    );
    expect(index.members.map((m) => m.name)).toEqual([long, `${long}2`]);
    expect(index.members[0]?.linkname).toBe('z'.repeat(300));
    expect((await index.readAll(index.members[1]!, 3)).toString()).toBe('abc');

    const src = join(s.dir, 'src');
    mkdirSync(join(src, 'a'.repeat(120)), { recursive: true });
    writeFileSync(join(src, 'a'.repeat(120), 'b'.repeat(120)), 'gnu');
    execFileSync('tar', ['-C', src, '--format=gnu', '-cf', join(s.dir, 'gnu.tar'), '.']);
    const gnu = await openArchive(join(s.dir, 'gnu.tar'), { cacheDir: s.cacheDir });
    opened.push(gnu);
    const name = `${'a'.repeat(120)}/${'b'.repeat(120)}`;
    expect((await gnu.readAll(gnu.get(name)!, 10)).toString()).toBe('gnu');
  });

  it('reads a base-256 size: a sparse 10 GiB member is indexed from its header only', async () => {
    const size = 10 * 1024 ** 3;
    const path = join(s.dir, 'huge.tar');
    const handle = await open(path, 'w');
    await handle.write(header({ name: 'huge.img', sizeField: base256(BigInt(size), 12), format: 'gnu' }), 0, 512, 0);
    await handle.write(Buffer.from('TAIL'), 0, 4, 512 + size - 4);
    const after = Buffer.concat([file('after', 'A'), END]);
    await handle.write(after, 0, after.length, 512 + size);
    await handle.close();
    const index = await openArchive(path, { cacheDir: s.cacheDir });
    opened.push(index);
    expect(index.problems).toEqual([]);
    const huge = index.get('huge.img')!;
    expect(huge.size).toBe(size);
    expect((await index.read(huge, size - 4, 100)).toString()).toBe('TAIL');
    expect((await index.readAll(index.get('after')!, 1)).toString()).toBe('A');
    await expectAppError(index.read(huge, 0, 1024 ** 3), 'LIMIT_EXCEEDED');
  });

  it('keeps the members before a broken header and names where it broke', async () => {
    const good = file('good', 'ok');
    const index = await openBytes(Buffer.concat([good, header({ name: 'bad', checksumDelta: 3 }), END]));
    expect(index.members.map((m) => m.name)).toEqual(['good']);
    expect(index.problems).toEqual([expect.objectContaining({ code: 'BAD_CHECKSUM', where: `offset ${good.length}` })]);
  });

  it('refuses what is not a tar', async () => {
    await expectAppError(openBytes(Buffer.from('hello world'.repeat(100))), 'ARCHIVE_CORRUPT');
    await expectAppError(openBytes(Buffer.alloc(0)), 'ARCHIVE_CORRUPT');
    await expectAppError(openArchive(join(s.dir, 'missing.tar'), { cacheDir: s.cacheDir }), 'NOT_FOUND');
    await expectAppError(openArchive(s.dir, { cacheDir: s.cacheDir }), 'ARCHIVE_UNSUPPORTED');
  });
});
