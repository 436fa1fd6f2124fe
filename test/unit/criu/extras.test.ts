import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../electron/criu';
import { buildImage, encodeEntry, sizePrefixed } from './build-image';

describe('payloads after entries (crit "extra")', () => {
  it('pipe data and fifo data carry `bytes` bytes', () => {
    const bytes = buildImage('PIPES_DATA', [
      { type: 'pipe_data_entry', value: { pipe_id: 5, bytes: 6 }, extra: Buffer.from('hello\n') },
      { type: 'pipe_data_entry', value: { pipe_id: 6, bytes: 0 }, extra: Buffer.alloc(0) },
    ]);
    expect(decodeImage(bytes).entries).toEqual([
      { pipe_id: 5, bytes: 6, extra: 'aGVsbG8K\n' },
      { pipe_id: 6, bytes: 0, extra: '' },
    ]);
    expect(decodeImage(bytes, { pretty: false }).entries[0]).toEqual({
      pipe_id: 5,
      bytes: 6,
      extra: Buffer.from('hello\n'),
    });
    const fifo = buildImage('FIFO_DATA', [
      { type: 'pipe_data_entry', value: { pipe_id: 1, bytes: 2 }, extra: Buffer.from('ok') },
    ]);
    expect(decodeImage(fifo).entries).toEqual([{ pipe_id: 1, bytes: 2, extra: 'b2s=\n' }]);
  });

  it('socket queues carry `length` bytes', () => {
    const bytes = buildImage('SK_QUEUES', [
      { type: 'sk_packet_entry', value: { id_for: 9, length: 3 }, extra: Buffer.from('abc') },
    ]);
    expect(decodeImage(bytes).entries).toEqual([{ id_for: 9, length: 3, extra: 'YWJj\n' }]);
  });

  it('TCP streams carry the input then the output queue', () => {
    const value = { inq_len: 2, inq_seq: 1, outq_len: 3, outq_seq: 2, opt_mask: 0x7, snd_wscale: 7, mss_clamp: 1460 };
    const bytes = buildImage('TCP_STREAM', [{ type: 'tcp_stream_entry', value, extra: Buffer.from('inout') }]);
    expect(decodeImage(bytes).entries).toEqual([
      { ...value, opt_mask: '0x7', extra: { inq: 'aW4=\n', outq: 'b3V0\n' } },
    ]);
  });

  it('BPF map data carries keys then values', () => {
    const bytes = buildImage('BPFMAP_DATA', [
      {
        type: 'bpfmap_data_entry',
        value: { map_id: 1, keys_bytes: 4, values_bytes: 4, count: 1 },
        extra: Buffer.from([1, 0, 0, 0, 2, 0, 0, 0]),
      },
    ]);
    expect((decodeImage(bytes).entries[0] as { extra: string }).extra).toBe('AQAAAAIAAAA=\n');
  });

  it('ghost files without chunks hold the rest of the image as contents', () => {
    const gf = { uid: 0, gid: 0, mode: 0o100644, size: 5 };
    const bytes = buildImage('GHOST_FILE', [{ type: 'ghost_file_entry', value: gf }], Buffer.from('12345'));
    expect(decodeImage(bytes).entries).toEqual([{ uid: 0, gid: 0, mode: 0o100644, size: 5, extra: 'MTIzNDU=\n' }]);
  });

  it('ghost files with chunks hold ghost_chunk_entry entries each followed by its data', () => {
    const bytes = buildImage('GHOST_FILE', [
      { type: 'ghost_file_entry', value: { uid: 0, gid: 0, mode: 0o100600, chunks: true, size: 8192 } },
      { type: 'ghost_chunk_entry', value: { len: 2, off: 0 }, extra: Buffer.from('ab') },
      { type: 'ghost_chunk_entry', value: { len: 1, off: 4096 }, extra: Buffer.from('c') },
    ]);
    expect(decodeImage(bytes).entries).toEqual([
      { uid: 0, gid: 0, mode: 0o100600, chunks: true, size: 8192 },
      { len: 2, off: 0, extra: 'YWI=\n' },
      { len: 1, off: 4096, extra: 'Yw==\n' },
    ]);
  });

  const desc = { key: 1, uid: 0, gid: 0, cuid: 0, cgid: 0, mode: 0o600, id: 7 };

  it('SysV shared memory is padded to 4 bytes; semaphores are u16 values padded to 8', () => {
    const shm = buildImage('IPCNS_SHM', [
      { type: 'ipc_shm_entry', value: { desc, size: 3 }, extra: Buffer.from('xyz\0') },
      { type: 'ipc_shm_entry', value: { desc, size: 1 }, extra: Buffer.from('q\0\0\0') },
    ]);
    expect(decodeImage(shm).entries.map((e) => (e as { extra: string }).extra)).toEqual(['eHl6\n', 'cQ==\n']);
    const sem = buildImage('IPCNS_SEM', [
      { type: 'ipc_sem_entry', value: { desc, nsems: 3 }, extra: Buffer.from([1, 0, 2, 0, 0xff, 0xff, 0, 0]) },
    ]);
    expect((decodeImage(sem).entries[0] as { extra: number[] }).extra).toEqual([1, 2, 65535]);
  });

  it('SysV message queues hold qnum framed ipc_msg headers, each followed by padded text', () => {
    const msg = (mtype: number, text: string) => {
      const padded = Buffer.alloc(Math.ceil(text.length / 8) * 8);
      padded.write(text);
      return Buffer.concat([sizePrefixed(encodeEntry('ipc_msg', { mtype, msize: text.length })), padded]);
    };
    const bytes = buildImage('IPCNS_MSG', [
      {
        type: 'ipc_msg_entry',
        value: { desc, qbytes: 16384, qnum: 2 },
        extra: Buffer.concat([msg(1, 'hi'), msg(2, 'ninechars')]),
      },
    ]);
    expect((decodeImage(bytes).entries[0] as { extra: unknown[] }).extra).toEqual([
      { mtype: 1, msize: 2 },
      'aGk=\n',
      { mtype: 2, msize: 9 },
      'bmluZWNoYXJz\n',
    ]);
  });
});
