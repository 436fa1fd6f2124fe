import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/run-cli-captured';
import { file, tar } from '../../hostile/tar-writer';
import { buildImage } from '../criu/build-image';
import { full, GHOST_BYTES, PIPE_BYTES, recoveredImages, sha, TCP_IN } from '../inspect/recovered-build';

let dir: string;
let archive: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'h-recovered-cli-'));
  const images = recoveredImages();
  // Archive-controlled names: a memfd named like a path out of the folder, with terminal controls.
  images['memfd.img'] = buildImage('MEMFD_INODE', [
    {
      type: 'memfd_inode_entry',
      value: full('memfd_inode_entry', { name: '../../../etc/x\x1b[2J\x07', size: 4096, shmid: 55, inode_id: 99 }),
    },
  ]);
  images['pagemap-shmem-55.img'] = buildImage('PAGEMAP', [
    { type: 'pagemap_head', value: { pages_id: 7 } },
    { type: 'pagemap_entry', value: { vaddr: 0, nr_pages: 1, flags: 4 } },
  ]);
  const members = [file('config.dump', '{}'), file('spec.dump', '{}')];
  for (const [name, bytes] of Object.entries(images)) members.push(file(`checkpoint/${name}`, bytes));
  archive = path.join(dir, 'recovered.tar');
  await writeFile(archive, tar(...members));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('checkpoint-inspector recovered', () => {
  it('lists every item with owners, size and preview, archive text escaped', async () => {
    const r = await runCliCaptured(['recovered', archive]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ID\s+KIND\s+OWNERS\s+SIZE\s+LABEL\s+PREVIEW$/m);
    expect(r.out).toMatch(/pipe:777\s+pipe\s+1:3\(read\),1:4\(write\)\s+18\s+pipe:\[777\]\s+unread pipe bytes/);
    expect(r.out).toMatch(/ghost-file:42\s+ghost-file\s+1:5\s+28\s+\/tmp\/secret.txt/);
    expect(r.out.includes('\x07') || r.out.includes('\x1b')).toBe(false);
  });

  it('--format json has the items and previews', async () => {
    const r = await runCliCaptured(['recovered', archive, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { items: { id: string; size: number }[]; problems: unknown[] };
    expect(j.items.map((i) => i.id)).toContain('tcp-in:7982');
    expect(j.problems).toEqual([]);
  });

  it('--save writes each item under a safe name inside DIR, with the exact bytes', async () => {
    const out = await mkdtemp(path.join(dir, 'save-'));
    const r = await runCliCaptured(['recovered', archive, '--save', out]);
    expect(r.code).toBe(0);
    const names = (await readdir(out)).sort();
    expect(names).toHaveLength(6);
    for (const n of names) expect(n).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*\.bin$/);
    expect(names).toContain('memfd-pid1-fd8-99-x_2J.bin');
    const bytesOf = (prefix: string) =>
      readFile(
        path.join(
          out,
          names.find((n) => n.startsWith(prefix))!,
        ),
      ).then((b) => sha(b));
    expect(await bytesOf('pipe-pid1-fd3-777')).toBe(sha(PIPE_BYTES));
    expect(await bytesOf('ghost-file-pid1-fd5-42-secret.txt')).toBe(sha(GHOST_BYTES));
    expect(await bytesOf('tcp-in-pid1-fd7')).toBe(sha(TCP_IN));
    // Saving again never replaces: each item is a problem, exit 3.
    const again = await runCliCaptured(['recovered', archive, '--save', out]);
    expect(again.code).toBe(3);
    expect(again.err).toContain('CONFLICT');
  });

  it('a missing DIR is refused before anything is written', async () => {
    const r = await runCliCaptured(['recovered', archive, '--save', path.join(dir, 'nope')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is not a folder');
  });
});
