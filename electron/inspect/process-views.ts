import type { FileRow, MemoryUsageRow, ProblemInfo, ProcessDetail, ProcessInfo, View } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import { num } from './crit-values';
import { fileRows, type ProcessFds } from './files';
import { argEnvRanges, parseEnv, splitNul } from './process-core';
import { problemOf, type ProcessImages } from './process-images';
import { walkPstree } from './pstree';
import { socketRows, type SocketDetail } from './sockets';
import { pagemapProblems } from './pagemap';
import { memoryUsageRow } from './vmas';

/** argv and envp are read whole only up to this size each. */
const MAX_ARGS_BYTES = 256 * 1024;

export interface ProcessList {
  processes: ProcessInfo[];
  problems: ProblemInfo[];
}

/** Reads a NUL-separated block (argv or envp) from the process's dumped memory. */
async function readStrings(images: ProcessImages, pid: number, range: [number, number]): Promise<string[]> {
  const length = Math.min(range[1] - range[0], MAX_ARGS_BYTES);
  if (length <= 0) return [];
  const reader = await images.memory(pid);
  const { data, present } = await reader.read(range[0], length);
  // Pages missing from the dump read as zeros: an argv cut there would look empty or short, so it is an error.
  if (present.some((p) => !p)) {
    const pages = `checkpoint/pages-${reader.pagesId}.img`;
    if (!images.store.member(pages))
      throw new AppError(
        'NOT_FOUND',
        `${pages} is not in the archive: the strings at 0x${range[0].toString(16)} cannot be read`,
        {
          member: pages,
          pid,
        },
      );
    throw new AppError('IMAGE_CORRUPT', `the strings at 0x${range[0].toString(16)} lie in pages not in the dump`, {
      member: `checkpoint/pagemap-${pid}.img`,
      pid,
    });
  }
  return splitNul(data);
}

export async function cmdline(images: ProcessImages, pid: number): Promise<string[]> {
  const ranges = argEnvRanges(await images.mm(pid));
  return ranges ? readStrings(images, pid, ranges.arg) : [];
}

export async function environment(images: ProcessImages, pid: number): Promise<ProcessDetail['environment']> {
  const ranges = argEnvRanges(await images.mm(pid));
  return ranges ? parseEnv(await readStrings(images, pid, ranges.env)) : [];
}

/** Every process in tree order; a process whose images fail is listed with what is known and a problem. */
export async function processList(images: ProcessImages): Promise<ProcessList> {
  const tree = await images.pstree();
  const problems: ProblemInfo[] = [...tree.problems];
  const processes: ProcessInfo[] = [];
  for (const { pid } of walkPstree(tree)) {
    const task = tree.byPid.get(pid);
    if (!task) continue;
    const info: ProcessInfo = {
      pid,
      ppid: task.ppid,
      pgid: task.pgid,
      sid: task.sid,
      comm: '',
      state: 'unknown',
      cmdline: [],
      threads: task.threads,
      uid: null,
      gid: null,
    };
    const missing = images.coreMissing(pid);
    if (missing) {
      problems.push(missing);
      processes.push(info);
      continue;
    }
    try {
      const core = await images.core(pid);
      info.comm = core.comm;
      info.state = core.state;
      info.uid = core.credentials?.uid[0] ?? null;
      info.gid = core.credentials?.gid[0] ?? null;
      if (core.hasState) info.cmdline = await cmdline(images, pid);
    } catch (error) {
      problems.push(problemOf(error, `checkpoint/core-${pid}.img`, pid));
    }
    processes.push(info);
  }
  return { processes, problems };
}

/** Descriptor tables of the live processes, with their comm. */
async function processFds(
  images: ProcessImages,
  list: readonly ProcessInfo[],
  problems: ProblemInfo[],
): Promise<ProcessFds[]> {
  const out: ProcessFds[] = [];
  for (const p of list) {
    if (await coreUnread(images, p, problems)) continue;
    if (p.state !== 'alive' && p.state !== 'stopped') continue;
    try {
      out.push({ pid: p.pid, comm: p.comm, fds: await images.fdinfo(p.pid) });
    } catch (error) {
      problems.push(problemOf(error, `checkpoint/ids-${p.pid}.img`, p.pid));
    }
  }
  return out;
}

/**
 * A process whose core failed to decode is left out of the per-process views
 * (its state is not known); its core's problem says why it has no rows.
 */
async function coreUnread(images: ProcessImages, p: ProcessInfo, problems: ProblemInfo[]): Promise<boolean> {
  if (p.state !== 'unknown') return false;
  const missing = images.coreMissing(p.pid);
  if (missing) {
    problems.push(missing);
    return true;
  }
  try {
    await images.core(p.pid);
    return false;
  } catch (error) {
    problems.push(problemOf(error, `checkpoint/core-${p.pid}.img`, p.pid));
    return true;
  }
}

export async function allFiles(images: ProcessImages, list: readonly ProcessInfo[]): Promise<View<FileRow>> {
  const problems: ProblemInfo[] = [];
  const fds = await processFds(images, list, problems);
  const table = await images.fileTable();
  const rows = fileRows(fds, table, problems);
  return { rows, problems: [...problems, ...table.problems()] };
}

export async function allSockets(images: ProcessImages, list: readonly ProcessInfo[]): Promise<View<SocketDetail>> {
  const problems: ProblemInfo[] = [];
  const fds = await processFds(images, list, problems);
  const table = await images.fileTable();
  const rows = socketRows(fds, table, problems);
  await fillQueues(images, fds, rows);
  return { rows, problems: [...problems, ...table.problems()] };
}

async function fillQueues(images: ProcessImages, fds: readonly ProcessFds[], rows: SocketDetail[]): Promise<void> {
  const table = await images.fileTable();
  // By pid, then fd: a lookup per row, never a scan (a hostile dump can hold very many of both).
  const byPid = new Map<number, Map<number, ProcessFds['fds'][number]>>();
  for (const p of fds) {
    if (byPid.has(p.pid)) continue;
    const mine = new Map<number, ProcessFds['fds'][number]>();
    for (const f of p.fds) if (!mine.has(f.fd)) mine.set(f.fd, f);
    byPid.set(p.pid, mine);
  }
  for (const row of rows) {
    if (row.protocol !== 'TCP') continue;
    const fd = byPid.get(row.pid)?.get(row.fd);
    const ino = fd ? num(table.get(fd.id)?.payload?.['ino']) : null;
    const q = ino !== null ? await images.tcpQueues(ino) : null;
    if (q) {
      row.sendQueue = q.sendQueue;
      row.recvQueue = q.recvQueue;
    }
  }
}

export async function memoryUsage(images: ProcessImages, list: readonly ProcessInfo[]): Promise<View<MemoryUsageRow>> {
  const rows: MemoryUsageRow[] = [];
  const problems: ProblemInfo[] = [];
  for (const p of list) {
    if (await coreUnread(images, p, problems)) continue;
    if (p.state !== 'alive' && p.state !== 'stopped') continue;
    try {
      const [vmas, pagemap] = await Promise.all([images.vmaList(p.pid), images.memory(p.pid)]);
      rows.push(memoryUsageRow(p.pid, p.comm, vmas.rows, pagemap));
      // Overlapping VMAs or pagemap entries are not merged away: the memory map says so.
      problems.push(...vmas.problems, ...pagemapProblems(pagemap, p.pid));
    } catch (error) {
      problems.push(problemOf(error, `checkpoint/mm-${p.pid}.img`, p.pid));
    }
  }
  return { rows, problems };
}
