import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../electron/criu';
import { base64Lines, quotedPrintable } from '../../../electron/criu/crit-bytes';
import { devForm, flagsForm, hexForm, ipForm } from '../../../electron/criu/crit-forms';
import { buildImage } from './build-image';

/** An IPv4/IPv6 word as CRIU stores it: network byte order read as a little-endian uint32. */
const word = (a: number, b: number, c: number, d: number) => Buffer.from([a, b, c, d]).readUInt32LE(0);

describe('crit pretty forms', () => {
  it('hex is Python "0x%x"', () => {
    expect(hexForm(0)).toBe('0x0');
    expect(hexForm(0x7ffd1234)).toBe('0x7ffd1234');
    expect(hexForm(-5)).toBe('-0x5');
    expect(hexForm(2n ** 64n - 1n)).toBe('0xffffffffffffffff');
  });

  it('flags are names joined by " | ", unknown bits in hex, nothing as ""', () => {
    expect(flagsForm(3, 'mmap.prot')).toBe('PROT_READ | PROT_WRITE');
    expect(flagsForm(0x22, 'mmap.flags')).toBe('MAP_PRIVATE | MAP_ANON');
    expect(flagsForm(0x202 | 0x400000, 'mmap.flags')).toBe('MAP_PRIVATE | 0x400200');
    expect(flagsForm(0, 'mmap.prot')).toBe('');
    expect(flagsForm(0x80000201, 'mmap.status')).toBe('VMA_AREA_REGULAR | VMA_ANON_PRIVATE | VMA_UNSUPP');
    expect(flagsForm(0o2100002, 'rfile.flags')).toBe('O_RDWR | O_LARGEFILE | O_CLOEXEC');
    expect(flagsForm(4, 'pmap.flags')).toBe('PE_PRESENT');
    expect(flagsForm(6, 'pmap.flags')).toBe('PE_LAZY | PE_PRESENT');
    expect(flagsForm(0xf, 'seals.flags')).toBe('F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE');
    expect(flagsForm(0x12, 'no.such.map')).toBe('0x12');
  });

  it('dev is major:minor in the kernel encoding, or glibc old encoding for odev', () => {
    expect(devForm((8 << 20) | 1, false)).toBe('8:1');
    expect(devForm((259 << 20) | 0xfffff, false)).toBe('259:1048575');
    expect(devForm((8 << 8) | 1, true)).toBe('8:1');
    // glibc makedev(major, minor) for numbers beyond the 8/12-bit fields.
    const makedev = (major: bigint, minor: bigint) =>
      (minor & 0xffn) | ((major & 0xfffn) << 8n) | ((minor & ~0xffn) << 12n) | ((major & ~0xfffn) << 32n);
    expect(devForm(makedev(0x1234n, 0x12345n), true)).toBe(`${0x1234}:${0x12345}`);
  });

  it('ipadd prints one word as IPv4 and four as compressed IPv6, as Python ipaddress does', () => {
    expect(ipForm([word(127, 0, 0, 1)])).toBe('127.0.0.1');
    expect(ipForm([word(169, 254, 3, 2)])).toBe('169.254.3.2');
    expect(ipForm([0, 0, 0, 0])).toBe('::');
    expect(ipForm([0, 0, 0, word(0, 0, 0, 1)])).toBe('::1');
    expect(ipForm([word(0x20, 0x01, 0x0d, 0xb8), 0, 0, word(0, 0, 0, 1)])).toBe('2001:db8::1');
    expect(ipForm([word(0xfe, 0x80, 0, 0), 0, 0, 0])).toBe('fe80::');
    expect(ipForm([word(0, 1, 0, 0), word(0, 2, 0, 3), word(0, 4, 0, 5), word(0, 6, 0, 7)])).toBe('1:0:2:3:4:5:6:7');
    expect(ipForm([word(0, 1, 0, 0), 0, word(0, 0, 0, 5), 0])).toBe('1::5:0:0');
    expect(ipForm([0, 0, word(0, 0, 0xff, 0xff), word(10, 0, 0, 1)])).toBe('::ffff:10.0.0.1');
    expect(ipForm([1, 2])).toBeUndefined();
  });

  it('bytes are Python base64.encodebytes: 76-character lines, each ending in a newline', () => {
    expect(base64Lines(new Uint8Array())).toBe('');
    expect(base64Lines(Buffer.from('hi'))).toBe('aGk=\n');
    const long = base64Lines(Buffer.alloc(100, 0xff));
    expect(long.split('\n').map((l) => l.length)).toEqual([76, 60, 0]);
  });

  it('unix socket names are quoted-printable, as quopri.encodestring', () => {
    expect(quotedPrintable(Buffer.from('/run/app.sock'))).toBe('/run/app.sock');
    expect(quotedPrintable(Buffer.from('\0abstract=1'))).toBe('=00abstract=3D1');
    expect(quotedPrintable(Buffer.from('tail '))).toBe('tail=20');
    expect(quotedPrintable(Buffer.from([0xc3, 0xa9]))).toBe('=C3=A9');
    const soft = quotedPrintable(Buffer.alloc(100, 0x61));
    expect(soft.split('=\n').map((l) => l.length)).toEqual([75, 25]);
  });
});

describe('pretty and plain entries', () => {
  const vma = {
    start: 0x7f0000000000,
    end: 0x7f0000002000,
    pgoff: 0,
    shmid: 0,
    prot: 3,
    flags: 0x22,
    status: 0x201,
    fd: -1,
    madv: 0,
  };
  const mm = buildImage('MM', [
    {
      type: 'mm_entry',
      value: {
        mm_start_code: 0x400000,
        mm_end_code: 0x401000,
        mm_start_data: 0,
        mm_end_data: 0,
        mm_start_stack: 0x7ffc0000,
        mm_start_brk: 0,
        mm_brk: 0,
        mm_arg_start: 0,
        mm_arg_end: 0,
        mm_env_start: 0,
        mm_env_end: 0,
        exe_file_id: 3,
        vmas: [vma],
      },
    },
  ]);

  it('pretty applies hex and flags to VMAs, plain keeps numbers', () => {
    const pretty = decodeImage(mm).entries[0] as { vmas: unknown[]; mm_start_code: unknown };
    expect(pretty.mm_start_code).toBe('0x400000');
    expect(pretty.vmas[0]).toEqual({
      start: '0x7f0000000000',
      end: '0x7f0000002000',
      pgoff: 0,
      shmid: 0,
      prot: 'PROT_READ | PROT_WRITE',
      flags: 'MAP_PRIVATE | MAP_ANON',
      status: 'VMA_AREA_REGULAR | VMA_ANON_PRIVATE',
      fd: -1,
      madv: '0x0',
    });
    const plain = decodeImage(mm, { pretty: false }).entries[0] as { vmas: unknown[] };
    expect(plain.vmas[0]).toEqual(vma);
  });

  it('keeps 64-bit integers exact: bigint beyond 2^53, pretty or plain (the CLI prints it as a number, as crit)', () => {
    const max = '18446744073709551615';
    const bytes = buildImage('RLIMIT', [{ type: 'rlimit_entry', value: { cur: max, max: 1024 } }]);
    expect(decodeImage(bytes).entries).toEqual([{ cur: 2n ** 64n - 1n, max: 1024 }]);
    expect(decodeImage(bytes, { pretty: false }).entries).toEqual([{ cur: 2n ** 64n - 1n, max: 1024 }]);
  });

  it('hex is inherited by nested messages (thread_info gpregs), enums print by name', () => {
    const regs: Record<string, unknown> = {};
    for (const r of [
      'r15',
      'r14',
      'r13',
      'r12',
      'bp',
      'bx',
      'r11',
      'r10',
      'r9',
      'r8',
      'ax',
      'cx',
      'dx',
      'si',
      'di',
      'orig_ax',
      'ip',
      'cs',
      'flags',
      'sp',
      'ss',
      'fs_base',
      'gs_base',
      'ds',
      'es',
      'fs',
      'gs',
    ])
      regs[r] = 16;
    regs['mode'] = 1;
    const fpregs = { cwd: 0, swd: 0, twd: 0, fop: 0, rip: 0, rdp: 0, mxcsr: 0x1f80, mxcsr_mask: 0 };
    const bytes = buildImage('CORE', [
      {
        type: 'core_entry',
        value: {
          mtype: 1,
          thread_info: { clear_tid_addr: 0x1000, gpregs: regs, fpregs },
          tc: { task_state: 1, exit_code: 0, personality: 0, flags: 0x400100, blk_sigset: 0, comm: 'sh' },
        },
      },
    ]);
    const core = decodeImage(bytes).entries[0] as {
      mtype: string;
      thread_info: { gpregs: Record<string, unknown>; fpregs: Record<string, unknown>; clear_tid_addr: string };
      tc: Record<string, unknown>;
    };
    expect(core.mtype).toBe('X86_64');
    expect(core.thread_info.clear_tid_addr).toBe('0x1000');
    expect(core.thread_info.gpregs['ip']).toBe('0x10');
    expect(core.thread_info.gpregs['mode']).toBe('NATIVE');
    expect(core.thread_info.fpregs['mxcsr']).toBe(0x1f80);
    expect(core.tc).toEqual({
      task_state: 'Alive',
      exit_code: 0,
      personality: 0,
      flags: 0x400100,
      blk_sigset: '0x0',
      comm: 'sh',
    });
  });

  it('sockets: dict names for family/type/state/proto, dotted addresses', () => {
    const sk = {
      id: 1,
      ino: 2,
      family: 2,
      type: 1,
      proto: 6,
      state: 10,
      src_port: 8080,
      dst_port: 0,
      flags: 0x800,
      backlog: 4096,
      src_addr: [word(127, 0, 0, 1)],
      dst_addr: [0],
      fown: { uid: 0, euid: 0, signum: 0, pid_type: 0, pid: 0 },
      opts: {
        so_sndbuf: 1,
        so_rcvbuf: 1,
        so_snd_tmo_sec: 0,
        so_snd_tmo_usec: 0,
        so_rcv_tmo_sec: 0,
        so_rcv_tmo_usec: 0,
      },
    };
    const bytes = buildImage('INETSK', [
      { type: 'inet_sk_entry', value: sk },
      { type: 'inet_sk_entry', value: { ...sk, state: 99, family: 10, src_addr: [0, 0, 0, word(0, 0, 0, 1)] } },
    ]);
    const [v4, v6] = decodeImage(bytes).entries as Record<string, unknown>[];
    expect(v4).toMatchObject({
      family: 'INET',
      type: 'STREAM',
      proto: 'TCP',
      state: 'LISTEN',
      flags: '0x800',
      src_addr: ['127.0.0.1'],
      dst_addr: ['0.0.0.0'],
    });
    expect(v6).toMatchObject({ family: 'INET6', state: 99, src_addr: ['::1'] });
    const plain = decodeImage(bytes, { pretty: false }).entries[0] as Record<string, unknown>;
    expect(plain).toMatchObject({ family: 2, state: 10, flags: 0x800, src_addr: [word(127, 0, 0, 1)] });
  });

  it('omits fields absent from the wire and keeps present defaults', () => {
    const bytes = buildImage('FS', [{ type: 'fs_entry', value: { cwd_id: 1, root_id: 2, umask: 0 } }]);
    expect(decodeImage(bytes).entries).toEqual([{ cwd_id: 1, root_id: 2, umask: 0 }]);
    const bare = buildImage('FS', [{ type: 'fs_entry', value: { cwd_id: 1, root_id: 2 } }]);
    expect(decodeImage(bare).entries).toEqual([{ cwd_id: 1, root_id: 2 }]);
  });

  it('bytes are base64 when pretty and Buffers when plain', () => {
    const bytes = buildImage('TTY_DATA', [{ type: 'tty_data_entry', value: { tty_id: 1, data: Buffer.from('ls\n') } }]);
    expect(decodeImage(bytes).entries).toEqual([{ tty_id: 1, data: 'bHMK\n' }]);
    expect(decodeImage(bytes, { pretty: false }).entries).toEqual([{ tty_id: 1, data: Buffer.from('ls\n') }]);
  });
});
