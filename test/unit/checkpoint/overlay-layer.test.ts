import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipLayer, writeOverlayLayer } from '../../../electron/checkpoint/overlay-layer';
import { tarMembers, type Member } from './docker-tar-members';
import { mountOverlay, type MountedOverlay } from './overlay-mount';

const readLayer = (file: string) => tarMembers(createReadStream(file));

const BIG = Buffer.alloc(3 * 1024 * 1024 + 17, 7); // past one read chunk

describe('an overlay upper folder written as rootfs-diff.tar', () => {
  let ovl: MountedOverlay;
  let members: Member[];
  let result: Awaited<ReturnType<typeof writeOverlayLayer>>;
  beforeAll(async () => {
    ovl = await mountOverlay(
      1,
      (dir) => {
        mkdirSync(path.join(dir, 'etc'));
        writeFileSync(path.join(dir, 'etc/gone.txt'), 'bye');
        mkdirSync(path.join(dir, 'www'));
        writeFileSync(path.join(dir, 'www/index.html'), 'old');
      },
      [
        'rm etc/gone.txt',
        'echo written-after-start > written-after-start.txt',
        'chown 123:456 written-after-start.txt',
        'touch secret && chmod 000 secret',
        'echo new > www/index.html',
        'ln -s /www/index.html home',
      ].join(' && '),
    );
    writeFileSync(path.join(ovl.upper, 'big.bin'), BIG); // as if written through the overlay
    const spool = path.join(ovl.root, 'rootfs.tar');
    result = await writeOverlayLayer({ upper: ovl.upper, lowers: ovl.lowers, merged: ovl.mergedHere }, spool);
    members = await readLayer(spool);
  });
  afterAll(async () => ovl?.stop());

  it('is a tar of the changes, folders first, with their owners, modes and contents', () => {
    expect(result.size).toBe(statSync(path.join(ovl.root, 'rootfs.tar')).size);
    expect(result.problems).toEqual([]);
    expect(result.entries).toBe(members.length);
    expect(members.map((m) => m.header.name)).toEqual([
      'big.bin',
      'etc/',
      'etc/.wh.gone.txt',
      'home',
      'secret',
      'written-after-start.txt',
      'www/',
      'www/index.html',
    ]);
    const byName = new Map(members.map((m) => [m.header.name, m]));
    const file = byName.get('written-after-start.txt')!;
    expect(file.body.toString()).toBe('written-after-start\n');
    expect(file.header).toMatchObject({ type: 'file', uid: 123, gid: 456, mode: 0o644 });
    expect(byName.get('www/index.html')!.body.toString()).toBe('new\n');
    expect(byName.get('big.bin')!.body.equals(BIG)).toBe(true);
    expect(byName.get('home')!.header).toMatchObject({ type: 'symlink', linkname: '/www/index.html' });
    expect(byName.get('etc/')!.header.type).toBe('directory');
    expect(byName.get('secret')!.header.mode).toBe(0);
  });

  it("writes a deletion as containerd's whiteout: an empty file, mode 0, owned by root, at the epoch", () => {
    const wh = members.find((m) => m.header.name === 'etc/.wh.gone.txt')!;
    expect(wh.header).toMatchObject({ type: 'file', size: 0, mode: 0, uid: 0, gid: 0 });
    expect(wh.header.mtime.getTime()).toBe(0);
  });

  it('compresses as gzip into a new file, counting the tar bytes it reads', async () => {
    const tarPath = path.join(ovl.root, 'rootfs.tar');
    const gz = path.join(ovl.root, 'rootfs.tar.gz');
    let counted = 0;
    const size = await gzipLayer(tarPath, gz, (n) => (counted += n));
    expect(counted).toBe(result.size);
    expect(size).toBe(statSync(gz).size);
    expect(gunzipSync(readFileSync(gz)).equals(readFileSync(tarPath))).toBe(true);
    await expect(gzipLayer(tarPath, gz, () => undefined)).rejects.toThrow(); // never over an existing file
    expect(statSync(gz).size).toBe(size);
  });

  it('never replaces a file already at the spool path', async () => {
    const taken = path.join(ovl.root, 'taken.gz');
    writeFileSync(taken, 'someone else');
    await expect(writeOverlayLayer({ upper: ovl.upper, lowers: [], merged: null }, taken)).rejects.toThrow();
    expect(existsSync(taken) && readFileSync(taken, 'utf8')).toBe('someone else');
  });
});
