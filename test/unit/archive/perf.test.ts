import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAt } from '../../../electron/archive/archive-index';
import type { TarSource } from '../../../electron/archive/block-reader';
import { openArchive } from '../../../electron/archive/index';
import { DEFAULT_LIMITS } from '../../../electron/archive/limits';
import { indexTar } from '../../../electron/archive/tar-indexer';
import { END, file, header } from '../../hostile/tar-writer';
import { scratch, type Scratch } from './helpers';

const GiB = 1024 ** 3;
const MEMBER = 64 * 1024 * 1024;
const COUNT = 16;
let s: Scratch;
let path: string;

/** A 1 GiB tar as a sparse file: 16 members of 64 MiB (holes), then 200 small ones. */
beforeAll(async () => {
  s = await scratch();
  path = join(s.dir, 'big.tar');
  const handle = await open(path, 'w');
  let pos = 0;
  for (let i = 0; i < COUNT; i++) {
    await handle.write(header({ name: `checkpoint/pages-${i}.img`, size: MEMBER }), 0, 512, pos);
    pos += 512 + MEMBER;
  }
  const small = Buffer.concat([...Array(200).keys()].map((i) => file(`small/${i}`, `s${i}`)));
  const tail = Buffer.concat([small, END]);
  await handle.write(tail, 0, tail.length, pos);
  await handle.close();
});
afterAll(async () => {
  await s.dispose();
});

describe('indexing a 1 GiB uncompressed tar', () => {
  it('reads only headers (counted through the source) and is fast', async () => {
    const handle = await open(path, 'r');
    const size = (await handle.stat()).size;
    expect(size).toBeGreaterThan(GiB);
    let reads = 0;
    let bytes = 0;
    const source: TarSource = {
      size,
      read: async (pos, length) => {
        reads++;
        bytes += length;
        return readAt(handle, pos, Math.min(length, size - pos));
      },
    };
    const started = performance.now();
    const index = await indexTar(source, { base: 0, limits: DEFAULT_LIMITS });
    const ms = performance.now() - started;
    await handle.close();
    expect(index.members).toHaveLength(COUNT + 200);
    expect(index.problems).toEqual([]);
    // One 512-byte read per large member; the first read and the small members share 64 KiB windows.
    expect(reads).toBeLessThanOrEqual(COUNT + 6);
    expect(bytes).toBeLessThan(COUNT * 512 + 6 * 64 * 1024);
    expect(ms).toBeLessThan(1000);
    console.info(
      `1 GiB tar: ${index.members.length} members, ${reads} reads, ${bytes} bytes read, ${ms.toFixed(1)} ms`,
    );
  });

  it('openArchive over the same file returns the same index quickly', async () => {
    const started = performance.now();
    const index = await openArchive(path, { cacheDir: s.cacheDir });
    const ms = performance.now() - started;
    expect(index.get('checkpoint/pages-15.img')?.dataOffset).toBe(15 * (MEMBER + 512) + 512);
    expect((await index.readAll(index.get('small/199')!, 10)).toString()).toBe('s199');
    expect(ms).toBeLessThan(1000);
    await index.close();
  });
});
