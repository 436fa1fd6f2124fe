// CRIU images of a small dump holding recovered data, built from objects (unit tests, and the e2e fixture).
import { createHash } from 'node:crypto';
import { messageType } from '../../../electron/criu/schema';
import { buildImage, encodeEntry, header, minimalObject, sizePrefixed, type TestEntry } from '../criu/build-image';

/** A message with every required field set, then `value` over it. */
export function full(type: string, value: Record<string, unknown>): Record<string, unknown> {
  return { ...minimalObject(messageType(type)), ...value };
}

export const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export const PIPE_BYTES = Buffer.from('unread pipe bytes\n');
export const GHOST_BYTES = Buffer.from('the deleted file says hello\n');
export const QUEUE = [Buffer.from('first message '), Buffer.from('second\0binary\x01')];
export const TCP_IN = Buffer.from('received, never read');
export const TCP_OUT = Buffer.from('sent, never acknowledged');
export const MEMFD_PAGE = Buffer.alloc(4096, 0x41);

const fown = () => full('fown_entry', {});
const fdinfo = (id: number, fd: number, type: number): TestEntry => ({
  type: 'fdinfo_entry',
  value: { id, flags: 0, type, fd },
});

/** The images of one process (pid 1) holding a pipe, a deleted file, a socket pair, a TCP stream and a memfd. */
export function recoveredImages(): Record<string, Buffer> {
  const files: TestEntry[] = [
    { type: 'file_entry', value: { type: 2, id: 10, pipe: { id: 10, pipe_id: 777, flags: 0, fown: fown() } } },
    { type: 'file_entry', value: { type: 2, id: 11, pipe: { id: 11, pipe_id: 777, flags: 1, fown: fown() } } },
    {
      type: 'file_entry',
      value: { type: 1, id: 12, reg: full('reg_file_entry', { id: 12, name: '/tmp/secret.txt', fown: fown() }) },
    },
    {
      type: 'file_entry',
      value: {
        type: 5,
        id: 13,
        usk: full('unix_sk_entry', {
          id: 13,
          ino: 5001,
          peer: 5002,
          fown: fown(),
          opts: full('sk_opts_entry', {}),
          name: Buffer.alloc(0),
        }),
      },
    },
    {
      type: 'file_entry',
      value: {
        type: 4,
        id: 14,
        isk: full('inet_sk_entry', {
          id: 14,
          ino: 0x1f2e,
          family: 2,
          state: 1,
          src_addr: [0x0100007f],
          dst_addr: [0x0100007f],
          src_port: 4000,
          dst_port: 4001,
          fown: fown(),
          opts: full('sk_opts_entry', {}),
        }),
      },
    },
    {
      type: 'file_entry',
      value: { type: 18, id: 15, memfd: full('memfd_file_entry', { id: 15, inode_id: 99, fown: fown() }) },
    },
  ];
  return {
    'pstree.img': buildImage('PSTREE', [
      { type: 'pstree_entry', value: { pid: 1, ppid: 0, pgid: 1, sid: 1, threads: [1] } },
    ]),
    'core-1.img': buildImage('CORE', [
      {
        type: 'core_entry',
        value: full('core_entry', { mtype: 1, tc: full('task_core_entry', { task_state: 1, comm: 'hidden' }) }),
      },
    ]),
    'ids-1.img': buildImage('IDS', [
      { type: 'task_kobj_ids_entry', value: full('task_kobj_ids_entry', { files_id: 3 }) },
    ]),
    'fdinfo-3.img': buildImage('FDINFO', [
      fdinfo(10, 3, 2),
      fdinfo(11, 4, 2),
      fdinfo(12, 5, 1),
      fdinfo(13, 6, 5),
      fdinfo(14, 7, 4),
      fdinfo(15, 8, 18),
    ]),
    'files.img': buildImage('FILES', files),
    'pipes-data.img': buildImage('PIPES_DATA', [
      { type: 'pipe_data_entry', value: { pipe_id: 777, bytes: PIPE_BYTES.length, size: 65536 }, extra: PIPE_BYTES },
    ]),
    'remap-fpath.img': buildImage('REMAP_FPATH', [
      { type: 'remap_file_path_entry', value: { orig_id: 12, remap_id: 0x2a, remap_type: 1 } },
    ]),
    'ghost-file-2a.img': Buffer.concat([
      buildImage('GHOST_FILE', [
        {
          type: 'ghost_file_entry',
          value: {
            uid: 1000,
            gid: 1000,
            mode: 0o100600,
            atim: { tv_sec: 1764650000, tv_usec: 0 },
            mtim: { tv_sec: 1764650001, tv_usec: 0 },
          },
        },
      ]),
      GHOST_BYTES,
    ]),
    'sk-queues.img': buildImage(
      'SK_QUEUES',
      QUEUE.map((q) => ({ type: 'sk_packet_entry', value: { id_for: 13, length: q.length }, extra: q })),
    ),
    'tcp-stream-1f2e.img': buildImage('TCP_STREAM', [
      {
        type: 'tcp_stream_entry',
        value: full('tcp_stream_entry', { inq_len: TCP_IN.length, outq_len: TCP_OUT.length, inq_seq: 5, outq_seq: 9 }),
        extra: Buffer.concat([TCP_IN, TCP_OUT]),
      },
    ]),
    'memfd.img': buildImage('MEMFD_INODE', [
      {
        type: 'memfd_inode_entry',
        value: full('memfd_inode_entry', { name: 'payload', size: 3 * 4096, shmid: 55, inode_id: 99 }),
      },
    ]),
    // Page 1 of 3 written: pages 0 and 2 read as zeros.
    'pagemap-shmem-55.img': buildImage('PAGEMAP', [
      { type: 'pagemap_head', value: { pages_id: 7 } },
      { type: 'pagemap_entry', value: { vaddr: 4096, nr_pages: 1, flags: 4 } },
    ]),
    'pages-7.img': MEMFD_PAGE,
  };
}

/** A raw image of `magic` with one size-prefixed entry and whatever bytes follow. */
export function rawImage(magic: string, type: string, value: Record<string, unknown>, after: Buffer): Buffer {
  return Buffer.concat([header(magic), sizePrefixed(encodeEntry(type, value)), after]);
}
