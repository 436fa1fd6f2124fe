// The process-wide notes of a core file: NT_PRPSINFO (struct elf_prpsinfo,
// 136 bytes on x86-64), NT_AUXV (mm.img's saved auxiliary vector) and
// NT_FILE (the file-backed mappings: count, page size, then start, end and
// page offset per mapping, then their names, each NUL-terminated).
import { enumName, field, numField, strField, sub } from '../crit-values';
import { TASK_STATES } from '../pstree';
import { note, NT_AUXV, NT_FILE, NT_PRPSINFO, PAGE_SIZE } from './elf';
import { u64, u64List } from './u64';

const PRPSINFO_SIZE = 136;
const FNAME_BYTES = 16;
const PSARGS_BYTES = 80;
/** CRIU's task states to the kernel's pr_state (0 R, 3 T, 4 Z) and its letter. */
const PR_STATE: Readonly<Record<string, readonly [number, string]>> = {
  alive: [0, 'R'],
  stopped: [3, 'T'],
  dead: [4, 'Z'],
  zombie: [4, 'Z'],
};

export interface ProcessFacts {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** The command line, when it could be read from memory. */
  argv: readonly string[] | null;
}

/** Text cut to at most `bytes - 1` bytes of UTF-8 (room for the NUL), never mid-character. */
function cString(text: string, bytes: number): Buffer {
  let b = Buffer.from(text, 'utf8');
  if (b.length < bytes) return b;
  let end = bytes - 1;
  while (end > 0 && (b[end]! & 0xc0) === 0x80) end--;
  b = b.subarray(0, end);
  return b;
}

/** NT_PRPSINFO from the main thread's core entry and the pstree facts. */
export function prpsinfoNote(core: unknown, facts: ProcessFacts): Buffer {
  const tc = sub(core, 'tc');
  const threadCore = sub(core, 'thread_core');
  const creds = sub(threadCore, 'creds');
  const b = Buffer.alloc(PRPSINFO_SIZE);
  const [state, letter] = PR_STATE[enumName(field(tc, 'task_state'), TASK_STATES) ?? 'alive'] ?? [0, 'R'];
  b.writeInt8(state, 0);
  b.write(letter, 1, 'latin1');
  b.writeInt8(state === 4 ? 1 : 0, 2);
  b.writeInt8(Math.max(-128, Math.min(127, numField(threadCore, 'sched_nice') ?? 0)), 3);
  b.writeBigUInt64LE(u64(field(tc, 'flags')) ?? 0n, 8);
  b.writeUInt32LE((numField(creds, 'uid') ?? 0) >>> 0, 16);
  b.writeUInt32LE((numField(creds, 'gid') ?? 0) >>> 0, 20);
  b.writeInt32LE(facts.pid, 24);
  b.writeInt32LE(facts.ppid, 28);
  b.writeInt32LE(facts.pgid, 32);
  b.writeInt32LE(facts.sid, 36);
  cString(strField(tc, 'comm') ?? strField(threadCore, 'comm') ?? '', FNAME_BYTES).copy(b, 40);
  cString((facts.argv ?? []).join(' '), PSARGS_BYTES).copy(b, 56);
  return note('CORE', NT_PRPSINFO, b);
}

/** NT_AUXV: the saved (type, value) pairs up to and including AT_NULL; null when mm.img saved none. */
export function auxvNote(mm: unknown): Buffer | null {
  const words = u64List(field(mm, 'mm_saved_auxv'));
  const pairs: bigint[] = [];
  for (let i = 0; i + 1 < words.length; i += 2) {
    pairs.push(words[i]!, words[i + 1]!);
    if (words[i] === 0n) break;
  }
  if (pairs.length === 0) return null;
  if (pairs[pairs.length - 2] !== 0n) pairs.push(0n, 0n);
  const b = Buffer.alloc(pairs.length * 8);
  pairs.forEach((w, i) => b.writeBigUInt64LE(w, i * 8));
  return note('CORE', NT_AUXV, b);
}

export interface MappedFile {
  start: bigint;
  end: bigint;
  /** Offset in the file, in bytes (a VMA's pgoff). */
  offset: bigint;
  name: string;
}

/** NT_FILE over the file-backed VMAs; null when there are none. */
export function fileNote(files: readonly MappedFile[]): Buffer | null {
  if (files.length === 0) return null;
  const names = files.map((f) => Buffer.from(`${f.name}\0`, 'utf8'));
  const b = Buffer.alloc(16 + files.length * 24 + names.reduce((s, n) => s + n.length, 0));
  b.writeBigUInt64LE(BigInt(files.length), 0);
  b.writeBigUInt64LE(BigInt(PAGE_SIZE), 8);
  files.forEach((f, i) => {
    b.writeBigUInt64LE(f.start, 16 + i * 24);
    b.writeBigUInt64LE(f.end, 24 + i * 24);
    b.writeBigUInt64LE(f.offset / BigInt(PAGE_SIZE), 32 + i * 24);
  });
  let at = 16 + files.length * 24;
  for (const n of names) at += n.copy(b, at);
  return note('CORE', NT_FILE, b);
}
