import { describe, expect, it } from 'vitest';
import { listRecovered, openRecovered } from '../../../electron/inspect/recovered/catalog';
import {
  GHOST_BYTES,
  MEMFD_PAGE,
  openImages,
  PIPE_BYTES,
  QUEUE,
  recoveredImages,
  sha,
  TCP_IN,
  TCP_OUT,
} from './recovered-build';

async function bytesOf(session: Awaited<ReturnType<typeof openImages>>, id: string): Promise<Buffer> {
  const { reader } = await openRecovered(session, id);
  const parts: Buffer[] = [];
  for await (const chunk of reader.stream()) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

describe('recovered files and buffers', () => {
  it('lists every kind with owners, size and preview, and streams the exact bytes', async () => {
    const s = await openImages(recoveredImages());
    const view = await listRecovered(s);
    expect(view.problems).toEqual([]);
    const byId = new Map(view.rows.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual(
      ['ghost-file:42', 'memfd:99', 'pipe:777', 'socket-queue:13', 'tcp-in:7982', 'tcp-out:7982'].sort(),
    );
    const pipe = byId.get('pipe:777')!;
    expect(pipe.owners).toEqual([
      { pid: 1, fd: 3, role: 'read' },
      { pid: 1, fd: 4, role: 'write' },
    ]);
    expect(pipe.preview).toEqual({ encoding: 'text', text: PIPE_BYTES.toString(), truncated: false });
    const ghost = byId.get('ghost-file:42')!;
    expect(ghost.label).toBe('/tmp/secret.txt');
    expect(ghost.owners).toEqual([{ pid: 1, fd: 5 }]);
    expect(ghost.details).toMatchObject({ mode: '0100600', uid: 1000, gid: 1000, mtime: '2025-12-02T04:33:21.000Z' });
    expect(byId.get('socket-queue:13')!.label).toBe('unix[5001 (5002)]');
    expect(byId.get('socket-queue:13')!.details['messages']).toBe(2);
    expect(byId.get('socket-queue:13')!.preview.encoding).toBe('hex');
    expect(byId.get('tcp-in:7982')!.label).toBe('127.0.0.1:4000 -> 127.0.0.1:4001');
    expect(byId.get('tcp-in:7982')!.owners).toEqual([{ pid: 1, fd: 7 }]);
    const memfd = byId.get('memfd:99')!;
    expect(memfd.label).toBe('memfd:payload');
    expect(memfd.size).toBe(3 * 4096);
    expect(memfd.owners.map((o) => o.fd)).toEqual([8]);

    expect(sha(await bytesOf(s, 'pipe:777'))).toBe(sha(PIPE_BYTES));
    expect(sha(await bytesOf(s, 'ghost-file:42'))).toBe(sha(GHOST_BYTES));
    expect(sha(await bytesOf(s, 'socket-queue:13'))).toBe(sha(Buffer.concat(QUEUE)));
    expect(sha(await bytesOf(s, 'tcp-in:7982'))).toBe(sha(TCP_IN));
    expect(sha(await bytesOf(s, 'tcp-out:7982'))).toBe(sha(TCP_OUT));
    const zeros = Buffer.alloc(4096);
    expect(sha(await bytesOf(s, 'memfd:99'))).toBe(sha(Buffer.concat([zeros, MEMFD_PAGE, zeros])));
  });

  it('reads ranges across segments', async () => {
    const s = await openImages(recoveredImages());
    const { reader } = await openRecovered(s, 'memfd:99');
    const got = await reader.read(4090, 12);
    expect([...got]).toEqual([0, 0, 0, 0, 0, 0, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41]);
    expect((await reader.read(3 * 4096 - 2, 100)).length).toBe(2);
  });

  it('an unknown id is NOT_FOUND', async () => {
    const s = await openImages(recoveredImages());
    await expect(openRecovered(s, 'pipe:1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an archive without such images lists nothing and no problem', async () => {
    const images = recoveredImages();
    const plain = { 'pstree.img': images['pstree.img']!, 'core-1.img': images['core-1.img']! };
    const view = await listRecovered(await openImages(plain));
    expect(view).toEqual({ rows: [], problems: [] });
  });
});
