// Hand-made images covering what real fixtures rarely hold (extras, socket
// names, address forms, odd flag bits, extreme integers); the integration
// test compares our decoding of them with crit's, unit tests reuse them.
import { buildImage, encodeEntry, sizePrefixed } from './build-image';

const word = (a: number, b: number, c: number, d: number) => Buffer.from([a, b, c, d]).readUInt32LE(0);
const fown = { uid: 0, euid: 0, signum: 0, pid_type: 0, pid: 0 };
const skOpts = {
  so_sndbuf: 212992,
  so_rcvbuf: 212992,
  so_snd_tmo_sec: 0,
  so_snd_tmo_usec: 0,
  so_rcv_tmo_sec: '18446744073709551615',
  so_rcv_tmo_usec: 0,
};
const desc = { key: 1, uid: 0, gid: 0, cuid: 0, cgid: 0, mode: 0o600, id: 7 };

function inet(id: number, family: number, state: number, src: number[], dst: number[]) {
  const value = {
    id,
    ino: id,
    family,
    type: 1,
    proto: 6,
    state,
    src_port: 80,
    dst_port: 0,
    flags: 0x800,
    backlog: 128,
    src_addr: src,
    dst_addr: dst,
    fown,
    opts: skOpts,
  };
  return { type: 'inet_sk_entry', value };
}

function unix(id: number, name: Buffer) {
  return {
    type: 'unix_sk_entry',
    value: { id, ino: id, type: 5, state: 7, flags: 0x802, uflags: 0, backlog: 0, peer: 0, fown, opts: skOpts, name },
  };
}

export function syntheticImages(): Record<string, Buffer> {
  const ipcMsg = (mtype: number, text: string) => {
    const padded = Buffer.alloc(Math.ceil(text.length / 8) * 8);
    padded.write(text);
    return Buffer.concat([sizePrefixed(encodeEntry('ipc_msg', { mtype, msize: text.length })), padded]);
  };
  return {
    'inet sockets with IPv4, IPv6 and mapped addresses': buildImage('INETSK', [
      inet(1, 2, 10, [word(127, 0, 0, 1)], [word(0, 0, 0, 0)]),
      inet(2, 10, 1, [0, 0, 0, word(0, 0, 0, 1)], [word(0x20, 0x01, 0x0d, 0xb8), 0, 0, word(0, 0, 0, 1)]),
      inet(3, 10, 7, [0, 0, word(0, 0, 0xff, 0xff), word(10, 0, 0, 1)], [word(0xfe, 0x80, 0, 0), 0, 0, 0]),
      inet(
        4,
        10,
        99,
        [word(0, 1, 0, 0), word(0, 2, 0, 3), word(0, 4, 0, 5), word(0, 6, 0, 7)],
        [word(0, 1, 0, 0), 0, word(0, 0, 0, 5), 0],
      ),
      inet(5, 33, 8, [word(192, 168, 1, 254)], [word(8, 8, 4, 4)]),
    ]),
    'unix sockets with abstract, long and odd names': buildImage('UNIXSK', [
      unix(1, Buffer.from('/run/app.sock')),
      unix(2, Buffer.from('\0abstract=name with space ')),
      unix(3, Buffer.from(`/very/${'long/'.repeat(30)}sock`)),
      unix(4, Buffer.from([0, 0xc3, 0xa9, 0x2e, 0x0a, 0x2e, 0x20, 0x0a, 0x09])),
      unix(5, Buffer.alloc(0)),
    ]),
    'VMAs with unknown flag bits and extreme integers': buildImage('MM', [
      {
        type: 'mm_entry',
        value: {
          mm_start_code: 0x400000,
          mm_end_code: 0x401000,
          mm_start_data: 0,
          mm_end_data: 0,
          mm_start_stack: '18446744073709551615',
          mm_start_brk: 0,
          mm_brk: 0,
          mm_arg_start: 0,
          mm_arg_end: 0,
          mm_env_start: 0,
          mm_env_end: 0,
          exe_file_id: 3,
          mm_saved_auxv: ['9007199254740993', 1, 0],
          vmas: [
            {
              start: '18446744073708503040',
              end: '18446744073708507136',
              pgoff: 0,
              shmid: 0,
              prot: 5,
              flags: 0x422,
              status: 0x4,
              fd: -1,
            },
            {
              start: 0x1000,
              end: 0x2000,
              pgoff: '9007199254740993',
              shmid: 0,
              prot: 0,
              flags: 0,
              status: 0,
              fd: '-9007199254740993',
              madv: 0x10000,
              fdflags: 1,
            },
          ],
        },
      },
    ]),
    'pipe data of several base64 lines': buildImage('PIPES_DATA', [
      {
        type: 'pipe_data_entry',
        value: { pipe_id: 1, bytes: 200, size: 65536 },
        extra: Buffer.from(Array.from({ length: 200 }, (_, i) => i)),
      },
      { type: 'pipe_data_entry', value: { pipe_id: 2, bytes: 0 }, extra: Buffer.alloc(0) },
    ]),
    'socket queues': buildImage('SK_QUEUES', [
      { type: 'sk_packet_entry', value: { id_for: 3, length: 5 }, extra: Buffer.from('hello') },
    ]),
    'TCP stream queues': buildImage('TCP_STREAM', [
      {
        type: 'tcp_stream_entry',
        value: {
          inq_len: 3,
          inq_seq: 1,
          outq_len: 2,
          outq_seq: 4294967295,
          opt_mask: 7,
          snd_wscale: 7,
          mss_clamp: 1460,
          rcv_wscale: 7,
          timestamp: 1,
          cork: false,
          nodelay: true,
          unsq_len: 1,
        },
        extra: Buffer.from('abcde'),
      },
    ]),
    'ghost file with contents': buildImage(
      'GHOST_FILE',
      [
        {
          type: 'ghost_file_entry',
          value: {
            uid: 1000,
            gid: 1000,
            mode: 0o100644,
            dev: (8 << 20) | 3,
            ino: 1234,
            rdev: (4 << 8) | 1,
            atim: { tv_sec: 1, tv_usec: 2 },
            size: 3,
          },
        },
      ],
      Buffer.from('abc'),
    ),
    'ghost file in chunks': buildImage('GHOST_FILE', [
      { type: 'ghost_file_entry', value: { uid: 0, gid: 0, mode: 0o100600, chunks: true, size: 8192 } },
      { type: 'ghost_chunk_entry', value: { len: 2, off: 0 }, extra: Buffer.from('ab') },
      { type: 'ghost_chunk_entry', value: { len: 1, off: 4096 }, extra: Buffer.from('c') },
    ]),
    'BPF map data': buildImage('BPFMAP_DATA', [
      {
        type: 'bpfmap_data_entry',
        value: { map_id: 1, keys_bytes: 4, values_bytes: 4, count: 1 },
        extra: Buffer.from([1, 0, 0, 0, 2, 0, 0, 0]),
      },
    ]),
    'SysV shared memory': buildImage('IPCNS_SHM', [
      { type: 'ipc_shm_entry', value: { desc, size: 3 }, extra: Buffer.from('xyz\0') },
    ]),
    'SysV semaphores': buildImage('IPCNS_SEM', [
      { type: 'ipc_sem_entry', value: { desc, nsems: 3 }, extra: Buffer.from([1, 0, 2, 0, 0xff, 0xff, 0, 0]) },
    ]),
    'SysV message queue': buildImage('IPCNS_MSG', [
      {
        type: 'ipc_msg_entry',
        value: { desc, qbytes: 16384, qnum: 2 },
        extra: Buffer.concat([ipcMsg(1, 'hi'), ipcMsg(2, 'ninechars')]),
      },
    ]),
    'rlimits and negative integers': buildImage('RLIMIT', [
      { type: 'rlimit_entry', value: { cur: '18446744073709551615', max: '18446744073709551615' } },
      { type: 'rlimit_entry', value: { cur: '9007199254740992', max: '9007199254740991' } },
    ]),
    'tty data bytes': buildImage('TTY_DATA', [
      { type: 'tty_data_entry', value: { tty_id: 1, data: Buffer.from('ls -l\\n\\0\\xff') } },
    ]),
    'signalfd masks': buildImage('SIGNALFD', [
      { type: 'signalfd_entry', value: { id: 1, flags: 0x800, fown, sigmask: '18446744073709551615' } },
    ]),
  };
}
