import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import tar from 'tar-stream';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveFile, fileError } from '../../../electron/checkpoint/archive-file';
import { copyCriuImages, safeMemberName } from '../../../electron/checkpoint/criu-images';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ckpt-unit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function members(file: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const extract = tar.extract();
  Readable.from([await readFile(file)]).pipe(extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    out[entry.header.name] = Buffer.concat(chunks).toString();
  }
  return out;
}

async function tarOf(
  entries: { name: string; body?: string; type?: 'file' | 'directory' | 'symlink'; linkname?: string }[],
): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) {
    if (e.type === 'directory' || e.type === 'symlink')
      pack.entry({ name: e.name, type: e.type, linkname: e.linkname });
    else pack.entry({ name: e.name }, e.body ?? '');
  }
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const c of pack) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe('ArchiveFile', () => {
  it('writes a tar beside the target, renames it into place with mode 0600', async () => {
    const target = path.join(dir, 'out.tar');
    const a = await ArchiveFile.create(target);
    expect(path.dirname(a.tempPath)).toBe(dir);
    await a.addBuffer('config.dump', Buffer.from('{"id":"x"}'));
    await a.addStream('big', 3, Readable.from([Buffer.from('ab'), Buffer.from('c')]));
    const bytes = await a.commit();
    const st = await stat(target);
    expect(st.size).toBe(bytes);
    expect(st.mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['out.tar']);
    expect(await members(target)).toEqual({ 'config.dump': '{"id":"x"}', big: 'abc' });
  });

  it('leaves nothing behind when aborted or when a stream lies about its size', async () => {
    const target = path.join(dir, 'out.tar');
    const a = await ArchiveFile.create(target);
    await expect(a.addStream('x', 10, Readable.from([Buffer.from('short')]))).rejects.toThrow(/5 bytes where 10/);
    await a.abort();
    expect(await readdir(dir)).toEqual([]);
  });

  it('maps ENOSPC to DISK_FULL', () => {
    const e = fileError(Object.assign(new Error('no space'), { code: 'ENOSPC' }), '/x/y.tar');
    expect(e.code).toBe('DISK_FULL');
    expect(fileError(Object.assign(new Error('ro'), { code: 'EROFS' }), '/x').code).toBe('PERMISSION_DENIED');
  });
});

describe('CRIU image tar to checkpoint/', () => {
  it('copies files under checkpoint/', async () => {
    const target = path.join(dir, 'out.tar');
    const a = await ArchiveFile.create(target);
    const blob = await tarOf([
      { name: './', type: 'directory' },
      { name: 'inventory.img', body: 'inv' },
      { name: './pstree.img', body: 'ps' },
    ]);
    const { files } = await copyCriuImages(Readable.from([blob]), a);
    await a.commit();
    expect(files).toBe(2);
    expect(await members(target)).toEqual({
      'checkpoint/': '',
      'checkpoint/inventory.img': 'inv',
      'checkpoint/pstree.img': 'ps',
    });
  });

  it('rejects traversal, absolute names and links', async () => {
    expect(() => safeMemberName('../etc/passwd')).toThrow(/'\.\.'/);
    expect(() => safeMemberName('a/../../b')).toThrow(/'\.\.'/);
    expect(() => safeMemberName('/etc/passwd')).toThrow(/absolute/);
    expect(safeMemberName('./a//b.img')).toBe('a/b.img');
    expect(safeMemberName('./')).toBeNull();
    for (const bad of [
      [{ name: '../x.img', body: 'x' }],
      [{ name: 'l', type: 'symlink' as const, linkname: '/etc/shadow' }],
    ]) {
      const a = await ArchiveFile.create(path.join(dir, 'bad.tar'));
      await expect(copyCriuImages(Readable.from([await tarOf(bad)]), a)).rejects.toMatchObject({
        code: 'CHECKPOINT_FAILED',
      });
      await a.abort();
    }
    expect(await readdir(dir)).toEqual([]);
  });
});
