import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCoreFiles } from '../../../electron/app/coredump';
import { ArchiveSession } from '../../../electron/inspect/archive-session';
import type { CoreFile } from '../../../electron/inspect/coredump/core-file';
import { extendedCountHeader, fileHeader } from '../../../electron/inspect/coredump/elf';
import { planSegments } from '../../../electron/inspect/coredump/segments';
import { prstatusNote } from '../../../electron/inspect/coredump/x86-64-notes';
import { realDeps } from '../../../electron/inspect/open-archive';
import { readElfCore, type ElfCore } from './core-file-elf';
import { fakeDeps, img } from './fake-archive';

const MARKER = 'h-core marker: planted at 0x601100';
const argv = Buffer.from('/usr/bin/app\0--serve\0');
const page = Buffer.alloc(4096);
argv.copy(page, 0);
page.write(MARKER, 0x100, 'latin1');

const regs = (ip: number, sp: number) => ({
  ...Object.fromEntries(
    'r15 r14 r13 r12 bp bx r11 r10 r9 r8 ax cx dx si di orig_ax cs flags ss fs_base gs_base ds es fs gs'
      .split(' ')
      .map((name, i) => [name, i + 1]),
  ),
  ip,
  sp,
});
const xmm = Array.from({ length: 64 }, (_, i) => i);
const core = (ip: number, sp: number, mtype: number | string = 'X86_64') => ({
  mtype,
  thread_info: {
    clear_tid_addr: 0,
    gpregs: regs(ip, sp),
    fpregs: {
      cwd: 0x37f,
      swd: 0,
      twd: 0,
      fop: 0,
      rip: 0,
      rdp: 0,
      mxcsr: 0x1f80,
      mxcsr_mask: 0xffff,
      st_space: [],
      xmm_space: xmm,
      xsave: { xstate_bv: 7, ymmh_space: xmm.map((v) => v + 100) },
    },
  },
  tc: { task_state: 1, comm: 'app', flags: 0x400040 },
  // A pending SIGUSR1 (10): siginfo's first int is si_signo.
  thread_core: {
    creds: { uid: 1000, gid: 1001 },
    blk_sigset: 0x4000,
    signals_p: { signals: [{ siginfo: Buffer.from([10, 0, 0, 0]).toString('base64') }] },
  },
});

const images = (mainCore: unknown = core(0x401000, 0x7ffc0f00)) => ({
  'config.dump': '{}',
  'spec.dump': '{}',
  'checkpoint/pstree.img': img('PSTREE', [{ pid: 1, ppid: 0, pgid: 1, sid: 1, threads: [1, 2] }]),
  'checkpoint/core-1.img': img('CORE', [mainCore]),
  'checkpoint/core-2.img': img('CORE', [core(0x401800, 0x7ffc0e00)]),
  'checkpoint/mm-1.img': img('MM', [
    {
      mm_arg_start: 0x601000,
      mm_arg_end: 0x601000 + argv.length,
      mm_env_start: 0x601000 + argv.length,
      mm_env_end: 0x601000 + argv.length,
      mm_saved_auxv: [6, 4096, 25, 0x7ffc0f80, 0, 0, 99, 99],
      vmas: [
        // The program text: file-backed, not in the dump (gdb reads it from the binary).
        { start: 0x400000, end: 0x402000, prot: 5, flags: 2, status: 0x41, shmid: 5, pgoff: 0 },
        // Data: three pages, only the middle one dumped.
        { start: 0x600000, end: 0x603000, prot: 3, flags: 0x22, status: 0x201, shmid: 0, pgoff: 0 },
        // The stack, not dumped.
        { start: 0x7ffc0000, end: 0x7ffc1000, prot: 3, flags: 0x122, status: 0x203, shmid: 0, pgoff: 0 },
      ],
    },
  ]),
  'checkpoint/pagemap-1.img': img('PAGEMAP', [{ pages_id: 1 }, { vaddr: 0x601000, nr_pages: 1, flags: 4 }]),
  'checkpoint/pages-1.img': page,
  'checkpoint/files.img': img('FILES', [{ type: 1, id: 5, reg: { id: 5, name: '/usr/bin/app' } }]),
});

const open = (files: Record<string, string | Buffer>) =>
  ArchiveSession.open(
    '/x/a.tar',
    { ...fakeDeps(files), memoryReader: realDeps.memoryReader },
    {
      archiveId: 'a1',
      cacheDir: '/nonexistent',
    },
  );

async function bytesOf(core: CoreFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await core.write((chunk) => {
    chunks.push(Buffer.from(chunk));
    return Promise.resolve();
  });
  return Buffer.concat(chunks);
}

const NT = { PRSTATUS: 1, FPREGSET: 2, PRPSINFO: 3, AUXV: 6, XSTATE: 0x202, FILE: 0x46494c45 };
/** user_regs_struct sits at 112 in elf_prstatus: rip is word 16, rsp word 19. */
const reg = (prstatus: Buffer, word: number) => prstatus.readBigUInt64LE(112 + word * 8);
const cstr = (b: Buffer) => b.toString('utf8').replace(/\0.*$/s, '');

describe('coredump: an ELF core file of one process', () => {
  let file: Buffer;
  let elf: ElfCore;
  let made: CoreFile;
  beforeAll(async () => {
    made = await (await open(images())).coreFile(1);
    file = await bytesOf(made);
    elf = readElfCore(file);
  });

  it('is an x86-64 ET_CORE whose size is the one announced before writing', () => {
    expect(elf.type).toBe(4);
    expect(elf.machine).toBe(62);
    expect(file.length).toBe(made.size);
    expect(made.fileName).toBe('core.1');
    expect(made.threads).toBe(2);
  });

  it('has the note segment first, then one PT_LOAD per VMA, split only where dumped pages start and end', () => {
    expect(elf.segments[0]!.type).toBe(4);
    const loads = elf.segments.slice(1).map((s) => [s.vaddr, s.memsz, s.filesz, s.flags]);
    expect(loads).toEqual([
      [0x400000n, 0x2000, 0, 5],
      [0x600000n, 0x1000, 0, 6],
      [0x601000n, 0x1000, 0x1000, 6],
      [0x602000n, 0x1000, 0, 6],
      [0x7ffc0000n, 0x1000, 0, 6],
    ]);
    expect(elf.segments.slice(1).every((s) => s.align === 4096 && s.offset % 4096 === 0)).toBe(true);
  });

  it('holds exactly the dumped page at its address and no invented byte', () => {
    const data = elf.segments.find((s) => s.vaddr === 0x601000n)!;
    expect(file.subarray(data.offset, data.offset + data.filesz).equals(page)).toBe(true);
    const sum = elf.segments.slice(1).reduce((s, x) => s + x.filesz, 0);
    expect(sum).toBe(4096);
    expect(made.dumpedBytes).toBe(4096);
    expect(made.absentBytes).toBe(0x2000 + 0x2000 + 0x1000);
  });

  it('writes PRPSINFO, then per thread PRSTATUS, FPREGSET, X86_XSTATE, then AUXV and FILE', () => {
    expect(elf.notes.map((n) => [n.name, n.type])).toEqual([
      ['CORE', NT.PRPSINFO],
      ['CORE', NT.PRSTATUS],
      ['CORE', NT.FPREGSET],
      ['LINUX', NT.XSTATE],
      ['CORE', NT.PRSTATUS],
      ['CORE', NT.FPREGSET],
      ['LINUX', NT.XSTATE],
      ['CORE', NT.AUXV],
      ['CORE', NT.FILE],
    ]);
  });

  it('gives each thread its own registers, pids and signal masks', () => {
    const [main, second] = elf.notes.filter((n) => n.type === NT.PRSTATUS).map((n) => n.desc);
    expect(main!.length).toBe(336);
    expect([main!.readInt32LE(32), main!.readInt32LE(36), main!.readInt32LE(40), main!.readInt32LE(44)]).toEqual([
      1, 0, 1, 1,
    ]);
    expect(second!.readInt32LE(32)).toBe(2);
    expect(reg(main!, 16)).toBe(0x401000n);
    expect(reg(main!, 19)).toBe(0x7ffc0f00n);
    expect(reg(second!, 16)).toBe(0x401800n);
    expect(reg(second!, 19)).toBe(0x7ffc0e00n);
    expect(reg(main!, 0)).toBe(1n); // r15, the first of user_regs_struct
    expect(main!.readBigUInt64LE(16)).toBe(1n << 9n); // pending SIGUSR1
    expect(main!.readBigUInt64LE(24)).toBe(0x4000n);
    expect(main!.readInt32LE(328)).toBe(1); // pr_fpvalid
  });

  it('writes the FXSAVE area and an XSAVE area with XCR0 where gdb reads it', () => {
    const fp = elf.notes.find((n) => n.type === NT.FPREGSET)!.desc;
    expect(fp.length).toBe(512);
    expect(fp.readUInt16LE(0)).toBe(0x37f);
    expect(fp.readUInt32LE(24)).toBe(0x1f80);
    expect(fp.readUInt32LE(160 + 4 * 5)).toBe(5);
    const xs = elf.notes.find((n) => n.type === NT.XSTATE)!.desc;
    expect(xs.length).toBe(832);
    expect(xs.readBigUInt64LE(464)).toBe(7n);
    expect(xs.readBigUInt64LE(512)).toBe(7n);
    expect(xs.readUInt32LE(576 + 4 * 3)).toBe(103);
  });

  it('names the process in PRPSINFO: state, ids, fname and psargs from the command line', () => {
    const p = elf.notes.find((n) => n.type === NT.PRPSINFO)!.desc;
    expect(p.length).toBe(136);
    expect(String.fromCharCode(p[1]!)).toBe('R');
    expect(p.readBigUInt64LE(8)).toBe(0x400040n);
    expect([p.readUInt32LE(16), p.readUInt32LE(20)]).toEqual([1000, 1001]);
    expect([p.readInt32LE(24), p.readInt32LE(28), p.readInt32LE(32), p.readInt32LE(36)]).toEqual([1, 0, 1, 1]);
    expect(cstr(p.subarray(40, 56))).toBe('app');
    expect(cstr(p.subarray(56, 136))).toBe('/usr/bin/app --serve');
  });

  it('keeps the saved auxv up to AT_NULL and maps the files of file-backed VMAs', () => {
    const auxv = elf.notes.find((n) => n.type === NT.AUXV)!.desc;
    const words = Array.from({ length: auxv.length / 8 }, (_, i) => auxv.readBigUInt64LE(i * 8));
    expect(words).toEqual([6n, 4096n, 25n, 0x7ffc0f80n, 0n, 0n]);
    const f = elf.notes.find((n) => n.type === NT.FILE)!.desc;
    expect([f.readBigUInt64LE(0), f.readBigUInt64LE(8)]).toEqual([1n, 4096n]);
    expect([f.readBigUInt64LE(16), f.readBigUInt64LE(24), f.readBigUInt64LE(32)]).toEqual([0x400000n, 0x402000n, 0n]);
    expect(cstr(f.subarray(40))).toBe('/usr/bin/app');
  });

  it('has no problems when every part is there', () => {
    expect(made.problems).toEqual([]);
  });
});

describe('coredump: what cannot be written', () => {
  it('refuses a process of another architecture with a clear error', async () => {
    const s = await open(images(core(0x401000, 0x7ffc0f00, 'AARCH64')));
    await expect(s.coreFile(1)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/core-1\.img is of architecture AARCH64; core files are written for x86-64/),
    });
  });

  it('leaves out a thread whose core image is missing and says so', async () => {
    const { 'checkpoint/core-2.img': _gone, ...rest } = images();
    const made = await (await open(rest)).coreFile(1);
    const elf = readElfCore(await bytesOf(made));
    expect(elf.notes.filter((n) => n.type === NT.PRSTATUS)).toHaveLength(1);
    expect(made.problems).toEqual([
      expect.objectContaining({
        where: 'checkpoint/core-2.img',
        code: 'NOT_FOUND',
        message: expect.stringMatching(/^thread 2 left out/),
      }),
    ]);
  });

  it('refuses a zombie, which has no memory in the checkpoint', async () => {
    const zombie = { ...core(0, 0), tc: { task_state: 6, comm: 'z' } };
    await expect((await open(images(zombie))).coreFile(1)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('a cancelled write stops and leaves no file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'h-core-unit-'));
    try {
      const s = await open(images());
      const controller = new AbortController();
      controller.abort();
      await expect(writeCoreFiles(s, { pids: [1], outputDir: dir, signal: controller.signal })).rejects.toThrow();
      expect(await readdir(dir)).toEqual([]);
      const { files, problems } = await writeCoreFiles(s, { pids: null, outputDir: dir });
      expect(files.map((f) => f.path)).toEqual([join(dir, 'core.1')]);
      expect(problems).toEqual([]);
      expect(readElfCore(await readFile(join(dir, 'core.1'))).notes).toHaveLength(9);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('coredump: ELF pieces', () => {
  it('counts more than 65534 segments through section header 0 (PN_XNUM)', () => {
    const head = fileHeader(62, 70_000, 64n + 70_000n * 56n);
    expect(head.readUInt16LE(56)).toBe(0xffff);
    expect(head.readUInt16LE(60)).toBe(1);
    expect(extendedCountHeader(70_000).readUInt32LE(44)).toBe(70_000);
  });

  it('writes registers beyond 2^53 exactly', () => {
    const info = { gpregs: { ...regs(0, 0), orig_ax: 0xffffffffffffffffn, ip: 0xffffffff81000000n } };
    const n = prstatusNote(info, { tid: 7, ppid: 1, pgid: 1, sid: 1, sigHold: 0n, sigPend: 0n }, false);
    const desc = n.subarray(20);
    expect(reg(desc, 15)).toBe(0xffffffffffffffffn);
    expect(reg(desc, 16)).toBe(0xffffffff81000000n);
  });

  it('a VMA beyond 2^53 (vsyscall) is a segment with no bytes', () => {
    const mm = { vmas: [{ start: 0xffffffffff600000n, end: 0xffffffffff601000n, prot: 5, status: 4 }] };
    expect(planSegments(mm, [], () => null).segments).toEqual([
      { start: 0xffffffffff600000n, end: 0xffffffffff601000n, flags: 5, dumped: false },
    ]);
  });
});

describe('coredump: a hostile memory map', () => {
  it('writes a dumped run once however many VMAs overlap it, and names them', async () => {
    const files = images();
    const mm = JSON.parse(files['checkpoint/mm-1.img']) as { entries: { vmas: unknown[] }[] };
    const data = { start: 0x600000, end: 0x603000, prot: 3, flags: 0x22, status: 0x201, shmid: 0, pgoff: 0 };
    mm.entries[0]!.vmas.push(...Array.from({ length: 1000 }, () => data));
    const made = await (await open({ ...files, 'checkpoint/mm-1.img': JSON.stringify(mm) })).coreFile(1);
    expect(made.dumpedBytes).toBe(4096);
    expect(made.segments).toBe(5);
    expect(made.problems).toEqual([
      expect.objectContaining({ code: 'IMAGE_CORRUPT', message: '1000 VMAs overlap an earlier one and are left out' }),
    ]);
  });
});
