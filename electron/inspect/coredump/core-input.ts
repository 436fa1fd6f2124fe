// What a core file of one process is made of, gathered from the checkpoint:
// the task (pstree), each thread's core-TID.img, mm-PID.img, the memory
// reader over pagemap/pages, and the names of mapped files (files.img).
// A part that cannot be read is a problem and is left out of the core file;
// only the main thread's registers and the mm are required.
import type { ProblemInfo } from '../../../shared/dto';
import { AppError } from '../../../shared/errors';
import { pagemapProblems, presentRuns } from '../pagemap';
import type { MemoryReaderLike } from '../ports';
import { argEnvRanges, coreFacts, splitNul } from '../process-core';
import { problemOf, type ProcessImages } from '../process-images';
import type { PstreeTask } from '../pstree';
import { x86ThreadInfo } from './x86-64-notes';

/** The command line read for psargs: the note holds 80 bytes, a little more is read to cut it at a character. */
const MAX_ARGV_READ = 4096;

export interface CoreThread {
  tid: number;
  core: unknown;
  info: Record<string, unknown>;
}

export interface CoreInput {
  task: PstreeTask;
  /** The main thread first. */
  threads: CoreThread[];
  mm: unknown;
  memory: MemoryReaderLike | null;
  /** Dumped runs of memory, ascending. */
  runs: readonly { start: number; end: number }[];
  fileName: (shmid: number | null) => string | null;
  argv: string[] | null;
  problems: ProblemInfo[];
}

async function threadCore(images: ProcessImages, tid: number): Promise<CoreThread> {
  const member = `checkpoint/core-${tid}.img`;
  const core = (await images.store.decode(`core-${tid}.img`)).entries[0];
  if (core === undefined) throw new AppError('IMAGE_CORRUPT', `${member} has no entries`, { member });
  return { tid, core, info: x86ThreadInfo(core, member) };
}

async function readArgv(memory: MemoryReaderLike, mm: unknown, pid: number): Promise<string[] | ProblemInfo> {
  const where = `checkpoint/mm-${pid}.img`;
  const ranges = argEnvRanges([mm]);
  if (!ranges) return { where, pid, code: 'IMAGE_CORRUPT', message: 'mm names no argument area: psargs left empty' };
  const [start, end] = ranges.arg;
  const read = await memory.read(start, Math.min(end - start, MAX_ARGV_READ));
  if (read.present.some((p) => !p))
    return {
      where: `checkpoint/pagemap-${pid}.img`,
      pid,
      code: 'NOT_FOUND',
      message: 'the command line is not in the dumped memory: psargs left empty',
    };
  return splitNul(read.data);
}

/** Bytes of pagemap entries whose pages are not in this pages image (a parent checkpoint's, or lazy ones). */
function elsewhereBytes(memory: MemoryReaderLike): number {
  return memory
    .allRanges()
    .filter((r) => !r.inFile)
    .reduce((sum, r) => sum + (r.end - r.start), 0);
}

/** Gathers one process; throws when it has no registers or memory map to write (zombie, other architecture, missing core or mm). */
export async function gatherCoreInput(images: ProcessImages, pid: number): Promise<CoreInput> {
  const task = await images.task(pid);
  const main = await threadCore(images, pid);
  const facts = coreFacts([main.core]);
  if (!facts.hasState)
    throw new AppError(
      'UNSUPPORTED',
      `process ${pid} is ${facts.state}: the checkpoint holds no memory or registers of it`,
      {
        pid,
      },
    );
  const problems: ProblemInfo[] = [];
  const threads = [main];
  for (const tid of task.threads) {
    if (tid === pid) continue;
    try {
      threads.push(await threadCore(images, tid));
    } catch (error) {
      const problem = problemOf(error, `checkpoint/core-${tid}.img`, pid);
      problems.push({ ...problem, message: `thread ${tid} left out: ${problem.message}` });
    }
  }
  const mm = (await images.mm(pid))[0];
  if (mm === undefined)
    throw new AppError('IMAGE_CORRUPT', `checkpoint/mm-${pid}.img has no entries`, {
      member: `checkpoint/mm-${pid}.img`,
    });
  const memory = await images.memory(pid).catch((error: unknown) => {
    problems.push(problemOf(error, `checkpoint/pagemap-${pid}.img`, pid));
    return null;
  });
  const files = await images.fileTable().catch((error: unknown) => {
    const problem = problemOf(error, 'checkpoint/files.img', pid);
    problems.push({ ...problem, message: `mapped files are not named (no NT_FILE): ${problem.message}` });
    return null;
  });
  let argv: string[] | null = null;
  if (memory) {
    problems.push(...pagemapProblems(memory, pid));
    const elsewhere = elsewhereBytes(memory);
    if (elsewhere > 0)
      problems.push({
        where: `checkpoint/pagemap-${pid}.img`,
        pid,
        code: 'NOT_FOUND',
        message: `${elsewhere} bytes of memory are in a parent checkpoint or lazy (not in this pages image): written with file size 0`,
      });
    const read = await readArgv(memory, mm, pid).catch((error: unknown) => problemOf(error, `checkpoint/pages`, pid));
    if (Array.isArray(read)) argv = read;
    else problems.push(read);
  }
  return {
    task,
    threads,
    mm,
    memory,
    runs: memory ? presentRuns(memory) : [],
    fileName: (shmid) => files?.regName(shmid) ?? null,
    argv,
    problems,
  };
}
