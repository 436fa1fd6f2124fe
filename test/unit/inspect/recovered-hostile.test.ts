import { describe, expect, it } from 'vitest';
import { listRecovered, openRecovered } from '../../../electron/inspect/recovered/catalog';
import { MAX_ITEM_BYTES } from '../../../electron/inspect/recovered/limits';
import { buildImage } from '../criu/build-image';
import { full, openImages, rawImage, recoveredImages } from './recovered-build';

describe('recovered data from hostile images', () => {
  it('a pipe declaring 4 GiB but holding 10 bytes serves the 10, declares the rest, and says so', async () => {
    const images = recoveredImages();
    images['pipes-data.img'] = rawImage(
      'PIPES_DATA',
      'pipe_data_entry',
      { pipe_id: 777, bytes: 0xffffffff },
      Buffer.from('0123456789'),
    );
    const view = await listRecovered(await openImages(images));
    const pipe = view.rows.find((r) => r.id === 'pipe:777')!;
    expect(pipe.size).toBe(10);
    expect(pipe.declaredSize).toBe(0xffffffff);
    expect(view.problems).toEqual([
      expect.objectContaining({
        where: 'checkpoint/pipes-data.img',
        message: expect.stringContaining('declares 4294967295 bytes of data, the image holds 10'),
      }),
    ]);
  });

  it('a sparse ghost file declaring 2^62 bytes is cut to the served bound, and reads stay bounded', async () => {
    const images = recoveredImages();
    images['ghost-file-2a.img'] = Buffer.concat([
      buildImage('GHOST_FILE', [
        {
          type: 'ghost_file_entry',
          value: { uid: 0, gid: 0, mode: 0o100644, chunks: true, size: '4611686018427387904' },
        },
        { type: 'ghost_chunk_entry', value: { len: 4, off: 8 }, extra: Buffer.from('data') },
      ]),
    ]);
    const s = await openImages(images);
    const view = await listRecovered(s);
    const ghost = view.rows.find((r) => r.id === 'ghost-file:42')!;
    expect(ghost.size).toBe(MAX_ITEM_BYTES);
    expect(ghost.declaredSize).toBe(2 ** 62);
    expect(view.problems.map((p) => p.code)).toEqual(['LIMIT_EXCEEDED']);
    const { reader } = await openRecovered(s, 'ghost-file:42');
    expect([...(await reader.read(6, 8))]).toEqual([0, 0, ...Buffer.from('data'), 0, 0]);
  });

  it('a truncated queue keeps the messages before the cut and names the entry', async () => {
    const images = recoveredImages();
    const whole = buildImage('SK_QUEUES', [
      { type: 'sk_packet_entry', value: { id_for: 13, length: 3 }, extra: Buffer.from('abc') },
      { type: 'sk_packet_entry', value: { id_for: 13, length: 3 }, extra: Buffer.from('def') },
    ]);
    images['sk-queues.img'] = whole.subarray(0, whole.length - 5);
    const view = await listRecovered(await openImages(images));
    const queue = view.rows.find((r) => r.id === 'socket-queue:13')!;
    expect(queue.preview.text).toBe('abc');
    expect(view.problems).toEqual([
      expect.objectContaining({ where: 'checkpoint/sk-queues.img', message: expect.stringContaining('entry 1') }),
    ]);
  });

  it('a data image with the wrong magic or a huge entry size is a problem, not a crash', async () => {
    const images = recoveredImages();
    images['tcp-stream-1f2e.img'] = buildImage('PIPES_DATA', []);
    const huge = Buffer.alloc(12);
    huge.writeUInt32LE(0x54564319, 0);
    huge.writeUInt32LE(0x56453709, 4);
    huge.writeUInt32LE(0xfffffff0, 8);
    images['pipes-data.img'] = huge;
    const view = await listRecovered(await openImages(images));
    expect(view.rows.some((r) => r.kind === 'tcp-in' || r.kind === 'pipe')).toBe(false);
    expect(view.problems.map((p) => p.where).sort()).toEqual([
      'checkpoint/pipes-data.img',
      'checkpoint/tcp-stream-1f2e.img',
    ]);
  });

  it('a memfd of 2^60 bytes with its pagemap missing is listed with nothing served and a problem', async () => {
    const images = recoveredImages();
    images['memfd.img'] = buildImage('MEMFD_INODE', [
      {
        type: 'memfd_inode_entry',
        value: full('memfd_inode_entry', { name: 'x\x1b[2J', size: '1152921504606846976', shmid: 66, inode_id: 99 }),
      },
    ]);
    const view = await listRecovered(await openImages(images));
    const memfd = view.rows.find((r) => r.id === 'memfd:99')!;
    expect(memfd.size).toBe(0);
    expect(memfd.declaredSize).toBe(2 ** 60);
    expect(view.problems[0]!.message).toContain('pagemap-shmem-66.img is not in the archive');
  });
});
