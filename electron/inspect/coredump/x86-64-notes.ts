// The per-thread notes of an x86-64 core file from core-TID.img's
// thread_info_x86: NT_PRSTATUS (struct elf_prstatus, 336 bytes, with
// user_regs_struct at 112), NT_FPREGSET (user_fpregs_struct, the 512-byte
// FXSAVE area) and NT_X86_XSTATE (the XSAVE area in its standard form, x87,
// SSE and AVX components). The layouts are the kernel's for x86-64.
import { AppError } from '../../../shared/errors';
import { arr, bytesField, enumName, field, sub } from '../crit-values';
import { note, NT_FPREGSET, NT_PRSTATUS, NT_X86_XSTATE } from './elf';
import { u64, u64Field, u64List } from './u64';

/** core_entry.march by number, as the decoder may give it; names pass through. */
const MARCH: Readonly<Record<number, string>> = {
  0: 'UNKNOWN',
  1: 'X86_64',
  2: 'ARM',
  3: 'AARCH64',
  4: 'PPC64',
  5: 'S390',
  6: 'MIPS',
  7: 'LOONGARCH64',
  8: 'RISCV64',
};
const REGS_MODE: Readonly<Record<number, string>> = { 1: 'NATIVE', 2: 'COMPAT' };

/** user_regs_struct's order, by CRIU's user_x86_regs_entry field names. */
const GPREGS =
  'r15 r14 r13 r12 bp bx r11 r10 r9 r8 ax cx dx si di orig_ax ip cs flags sp ss fs_base gs_base ds es fs gs'.split(' ');

const PRSTATUS_SIZE = 336;
const PR_REG_OFFSET = 112;
const FXSAVE_SIZE = 512;
const XSAVE_HEADER_SIZE = 64;
/** Where the kernel's xstate regset keeps XCR0 (the sw_reserved bytes of the FXSAVE area); gdb reads it there. */
const XCR0_OFFSET = 464;
const XFEATURE_X87_SSE = 3n;

/** The thread_info of an x86-64 native task, or an UNSUPPORTED error naming what the image is instead. */
export function x86ThreadInfo(core: unknown, member: string): Record<string, unknown> {
  const mtype = enumName(field(core, 'mtype'), MARCH);
  if (mtype !== 'X86_64') {
    const arch = mtype === null ? 'no architecture (mtype)' : `architecture ${mtype}`;
    throw new AppError(
      'UNSUPPORTED',
      `${member} is of ${arch}; core files are written for x86-64 processes only (use criu-coredump on a machine of that architecture)`,
      { member, mtype },
    );
  }
  const info = sub(core, 'thread_info');
  const gpregs = sub(info, 'gpregs');
  if (!info || !gpregs)
    throw new AppError('IMAGE_CORRUPT', `${member} has no x86-64 registers (thread_info)`, { member });
  if (enumName(field(gpregs, 'mode'), REGS_MODE) === 'COMPAT')
    throw new AppError(
      'UNSUPPORTED',
      `${member} is a 32-bit (compat) task; core files are written for 64-bit x86-64 processes only`,
      { member },
    );
  return info;
}

export interface ThreadFacts {
  tid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** Blocked signals (thread_core.blk_sigset). */
  sigHold: bigint;
  /** Signals pending for this thread (from thread_core.signals_p). */
  sigPend: bigint;
}

/** The signal numbers of a thread's pending queue, as the mask elf_prstatus holds. */
export function pendingMask(threadCore: unknown): bigint {
  let mask = 0n;
  for (const entry of arr(field(sub(threadCore, 'signals_p'), 'signals'))) {
    const raw = bytesField(entry, 'siginfo');
    if (!raw || raw.length < 4) continue;
    const signo = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).readInt32LE(0);
    if (signo >= 1 && signo <= 64) mask |= 1n << BigInt(signo - 1);
  }
  return mask;
}

/** NT_PRSTATUS of one thread: pids, signal masks, registers; pr_fpvalid when an FP note follows. */
export function prstatusNote(info: Record<string, unknown>, facts: ThreadFacts, fpValid: boolean): Buffer {
  const b = Buffer.alloc(PRSTATUS_SIZE);
  b.writeBigUInt64LE(facts.sigPend, 16);
  b.writeBigUInt64LE(facts.sigHold, 24);
  b.writeInt32LE(facts.tid, 32);
  b.writeInt32LE(facts.ppid, 36);
  b.writeInt32LE(facts.pgid, 40);
  b.writeInt32LE(facts.sid, 44);
  const regs = sub(info, 'gpregs');
  GPREGS.forEach((name, i) => b.writeBigUInt64LE(u64Field(regs, name) ?? 0n, PR_REG_OFFSET + i * 8));
  b.writeInt32LE(fpValid ? 1 : 0, PR_REG_OFFSET + GPREGS.length * 8);
  return note('CORE', NT_PRSTATUS, b);
}

function writeWords(b: Buffer, offset: number, words: readonly bigint[], max: number): void {
  words.slice(0, max).forEach((w, i) => b.writeUInt32LE(Number(w & 0xffffffffn), offset + i * 4));
}

/** The FXSAVE area (user_fpregs_struct) from CRIU's user_x86_fpregs_entry. */
function fxsave(fpregs: Record<string, unknown>): Buffer {
  const b = Buffer.alloc(FXSAVE_SIZE);
  const word = (name: string) => Number((u64Field(fpregs, name) ?? 0n) & 0xffffn);
  b.writeUInt16LE(word('cwd'), 0);
  b.writeUInt16LE(word('swd'), 2);
  b.writeUInt16LE(word('twd'), 4);
  b.writeUInt16LE(word('fop'), 6);
  b.writeBigUInt64LE(u64Field(fpregs, 'rip') ?? 0n, 8);
  b.writeBigUInt64LE(u64Field(fpregs, 'rdp') ?? 0n, 16);
  b.writeUInt32LE(Number((u64Field(fpregs, 'mxcsr') ?? 0n) & 0xffffffffn), 24);
  b.writeUInt32LE(Number((u64Field(fpregs, 'mxcsr_mask') ?? 0n) & 0xffffffffn), 28);
  writeWords(b, 32, u64List(field(fpregs, 'st_space')), 32);
  writeWords(b, 160, u64List(field(fpregs, 'xmm_space')), 64);
  writeWords(b, 416, u64List(field(fpregs, 'padding')), 24);
  return b;
}

export interface FpNotes {
  notes: Buffer[];
  /** State in the image that the notes leave out (CET). */
  leftOut: string[];
}

/**
 * XSAVE components in the standard (non-compacted) form, at the offsets gdb
 * and the kernel's xstate regset use: CRIU's field, the XCR0 bit, where it
 * sits, its size, and the width of the field's words.
 */
const XSAVE_PARTS = [
  { name: 'ymmh_space', bit: 2, offset: 576, size: 256, word: 4 },
  { name: 'bndreg_state', bit: 3, offset: 960, size: 64, word: 8 },
  { name: 'bndcsr_state', bit: 4, offset: 1024, size: 64, word: 8 },
  { name: 'opmask_reg', bit: 5, offset: 1088, size: 64, word: 8 },
  { name: 'zmm_upper', bit: 6, offset: 1152, size: 512, word: 8 },
  { name: 'hi16_zmm', bit: 7, offset: 1664, size: 1024, word: 8 },
  { name: 'pkru', bit: 9, offset: 2688, size: 8, word: 4 },
] as const;

/** NT_X86_XSTATE: the FXSAVE area, the XSAVE header and every component the image holds. */
function xstateNote(area: Buffer, xsave: Record<string, unknown>): Buffer {
  let xcr0 = XFEATURE_X87_SSE;
  let size = FXSAVE_SIZE + XSAVE_HEADER_SIZE;
  const parts = XSAVE_PARTS.map((part) => ({ part, words: u64List(field(xsave, part.name)) })).filter(
    ({ words }) => words.length > 0,
  );
  for (const { part } of parts) {
    xcr0 |= 1n << BigInt(part.bit);
    size = Math.max(size, part.offset + part.size);
  }
  const x = Buffer.alloc(size);
  area.copy(x);
  x.fill(0, XCR0_OFFSET, FXSAVE_SIZE);
  x.writeBigUInt64LE(xcr0, XCR0_OFFSET);
  x.writeBigUInt64LE((u64(field(xsave, 'xstate_bv')) ?? 0n) & xcr0, FXSAVE_SIZE);
  for (const { part, words } of parts) {
    const max = part.size / part.word;
    words.slice(0, max).forEach((w, i) => {
      if (part.word === 8) x.writeBigUInt64LE(w, part.offset + i * 8);
      else x.writeUInt32LE(Number(w & 0xffffffffn), part.offset + i * 4);
    });
  }
  return note('LINUX', NT_X86_XSTATE, x);
}

/** NT_FPREGSET, and NT_X86_XSTATE when the image has xsave: none when it has no fpregs. */
export function fpNotes(info: Record<string, unknown>): FpNotes {
  const fpregs = sub(info, 'fpregs');
  if (!fpregs) return { notes: [], leftOut: [] };
  const area = fxsave(fpregs);
  const notes = [note('CORE', NT_FPREGSET, area)];
  const xsave = sub(fpregs, 'xsave');
  if (!xsave) return { notes, leftOut: [] };
  notes.push(xstateNote(area, xsave));
  return { notes, leftOut: sub(xsave, 'cet') ? ['cet'] : [] };
}
