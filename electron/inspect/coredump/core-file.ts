// A core file's layout, computed before a byte is written (so its size is
// known: progress, an HTTP Content-Length), then streamed: the ELF header,
// the program headers (the note segment first), the notes, padding to a
// page, and the dumped pages segment by segment, read from the pages image
// in chunks. Memory is never loaded whole.
import type { ProblemInfo } from '../../../shared/dto';
import { AppError } from '../../../shared/errors';
import type { ProcessImages } from '../process-images';
import { gatherCoreInput, type CoreInput } from './core-input';
import {
  alignUp,
  EHDR_SIZE,
  EM_X86_64,
  extendedCountHeader,
  fileHeader,
  PAGE_SIZE,
  PHDR_SIZE,
  PN_XNUM,
  programHeader,
  PT_LOAD,
  PT_NOTE,
  SHDR_SIZE,
} from './elf';
import { auxvNote, fileNote, prpsinfoNote } from './process-notes';
import { planSegments, type Segment } from './segments';
import { fpNotes, pendingMask, prstatusNote } from './x86-64-notes';
import { u64Field } from './u64';
import { sub } from '../crit-values';
import { limitText } from '../limits';

/** Bytes read from the pages image at a time. */
const CHUNK_BYTES = 1024 * 1024;

export interface CoreFileSummary {
  pid: number;
  fileName: string;
  /** Bytes of the whole file. */
  size: number;
  threads: number;
  segments: number;
  /** Bytes of memory written from the pages image. */
  dumpedBytes: number;
  /** Bytes of mapped memory not in the checkpoint (segments with file size 0). */
  absentBytes: number;
  /** What could not be written. */
  problems: ProblemInfo[];
}

export interface CoreWriteOptions {
  signal?: AbortSignal;
  /** Bytes written so far, of `size`. */
  onBytes?: (bytesDone: number) => void;
}

export interface CoreFile extends CoreFileSummary {
  /** Streams the file to `sink` in order; a failed read or sink fails the write. */
  readonly write: (sink: (chunk: Buffer) => Promise<void>, options?: CoreWriteOptions) => Promise<void>;
}

function notesOf(input: CoreInput): { notes: Buffer[]; problems: ProblemInfo[] } {
  const { task, threads, mm } = input;
  const problems: ProblemInfo[] = [];
  const notes = [prpsinfoNote(threads[0]!.core, { ...task, argv: input.argv })];
  for (const t of threads) {
    const threadCore = sub(t.core, 'thread_core');
    const fp = fpNotes(t.info);
    notes.push(
      prstatusNote(
        t.info,
        {
          tid: t.tid,
          ppid: task.ppid,
          pgid: task.pgid,
          sid: task.sid,
          sigHold: u64Field(threadCore, 'blk_sigset') ?? u64Field(sub(t.core, 'tc'), 'blk_sigset') ?? 0n,
          sigPend: pendingMask(threadCore),
        },
        fp.notes.length > 0,
      ),
      ...fp.notes,
    );
    const where = `checkpoint/core-${t.tid}.img`;
    if (fp.notes.length === 0)
      problems.push({
        where,
        pid: task.pid,
        code: 'NOT_FOUND',
        message: `thread ${t.tid} has no FPU state: no NT_FPREGSET`,
      });
    if (fp.leftOut.length > 0)
      problems.push({
        where,
        pid: task.pid,
        code: 'UNSUPPORTED',
        message: `thread ${t.tid}: ${fp.leftOut.join(', ')} state not written (NT_X86_XSTATE holds the user XSAVE components)`,
      });
  }
  const auxv = auxvNote(mm);
  if (auxv) notes.push(auxv);
  else
    problems.push({
      where: `checkpoint/mm-${task.pid}.img`,
      pid: task.pid,
      code: 'NOT_FOUND',
      message: 'mm holds no saved auxiliary vector: no NT_AUXV',
    });
  return { notes, problems };
}

/** The layout of pid's core file and a writer for it; throws when the process cannot have one. */
export async function prepareCoreFile(images: ProcessImages, pid: number): Promise<CoreFile> {
  const input = await gatherCoreInput(images, pid);
  const plan = planSegments(input.mm, input.runs, input.fileName);
  const { notes, problems } = notesOf(input);
  const mapped = fileNote(plan.files);
  if (mapped) notes.push(mapped);
  const mmWhere = `checkpoint/mm-${pid}.img`;
  if (plan.cut > 0)
    problems.push({
      where: mmWhere,
      pid,
      code: 'LIMIT_EXCEEDED',
      message: `the last ${plan.cut} VMAs are left out (${limitText('MAX_VMAS')})`,
    });
  if (plan.overlapping > 0)
    problems.push({
      where: mmWhere,
      pid,
      code: 'IMAGE_CORRUPT',
      message: `${plan.overlapping} VMAs overlap an earlier one and are left out`,
    });
  if (plan.unnamedFiles > 0)
    problems.push({
      where: 'checkpoint/files.img',
      pid,
      code: 'NOT_FOUND',
      message: `${plan.unnamedFiles} file-backed VMAs name no file in files.img: left out of NT_FILE`,
    });
  const phnum = 1 + plan.segments.length;
  const xnum = phnum >= PN_XNUM;
  const phEnd = EHDR_SIZE + phnum * PHDR_SIZE;
  const notesOffset = phEnd + (xnum ? SHDR_SIZE : 0);
  const notesSize = notes.reduce((s, n) => s + n.length, 0);
  const dataStart = alignUp(BigInt(notesOffset + notesSize), BigInt(PAGE_SIZE));
  let offset = dataStart;
  const headers = [
    programHeader({
      type: PT_NOTE,
      flags: 0,
      offset: BigInt(notesOffset),
      vaddr: 0n,
      filesz: BigInt(notesSize),
      memsz: 0n,
      align: 4n,
    }),
  ];
  for (const s of plan.segments) {
    const filesz = s.dumped ? s.end - s.start : 0n;
    headers.push(
      programHeader({
        type: PT_LOAD,
        flags: s.flags,
        offset,
        vaddr: s.start,
        filesz,
        memsz: s.end - s.start,
        align: BigInt(PAGE_SIZE),
      }),
    );
    offset += filesz;
  }
  const head = Buffer.concat([
    fileHeader(EM_X86_64, phnum, xnum ? BigInt(phEnd) : 0n),
    ...headers,
    ...(xnum ? [extendedCountHeader(phnum)] : []),
    ...notes,
    Buffer.alloc(Number(dataStart) - notesOffset - notesSize),
  ]);
  const dumped = plan.segments.filter((s) => s.dumped);
  const dumpedBytes = Number(offset - dataStart);
  return {
    pid,
    fileName: `core.${pid}`,
    size: Number(offset),
    threads: input.threads.length,
    segments: plan.segments.length,
    dumpedBytes,
    absentBytes: Number(plan.absentBytes),
    problems: [...input.problems, ...problems],
    write: (sink, options) => streamCore(head, dumped, input, sink, options ?? {}),
  };
}

async function streamCore(
  head: Buffer,
  dumped: readonly Segment[],
  input: CoreInput,
  sink: (chunk: Buffer) => Promise<void>,
  { signal, onBytes }: CoreWriteOptions,
): Promise<void> {
  let done = 0;
  const put = async (chunk: Buffer) => {
    signal?.throwIfAborted();
    await sink(chunk);
    done += chunk.length;
    onBytes?.(done);
  };
  await put(head);
  const memory = input.memory;
  for (const s of dumped) {
    if (!memory) break;
    const end = Number(s.end);
    for (let at = Number(s.start); at < end; at += CHUNK_BYTES) {
      const read = await memory.read(at, Math.min(CHUNK_BYTES, end - at));
      // The plan names only dumped runs: a page missing now means the pages image changed under us.
      if (read.present.some((p) => !p))
        throw new AppError(
          'IMAGE_CORRUPT',
          `pages of pid ${input.task.pid} at 0x${at.toString(16)} could not be read`,
          {
            pid: input.task.pid,
          },
        );
      await put(read.data);
    }
  }
}
