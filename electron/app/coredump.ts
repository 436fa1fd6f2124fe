// Core files of a checkpoint's processes, for every host: the CLI writes
// core.PID files into a folder, Electron writes one to the path its save
// dialog gave, the browser host streams one to the user's download. Each is
// written through the output-file rules (a temp file beside the target,
// renamed when complete: never half a file) or streamed with its size known
// first; each says what it could not hold.
import path from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import type { ProblemInfo } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import type { CoreFile, CoreFileSummary } from '../inspect/coredump/core-file';
import { writeOutputFile } from '../fs/output-file';
import { liveProcesses, sessionSource } from '../inspect/search/memory-source';
import type { InspectSession } from '../inspect/session';
import type { JobContext, JobManager } from '../jobs/job-manager';
import { exportedOrSay, recordCustody } from './custody';
import type { HostServices } from './host';
import type { ArchivesPort } from './ports';

export interface WrittenCore extends Omit<CoreFileSummary, 'problems'> {
  path: string;
}

export interface CoreFilesResult {
  files: WrittenCore[];
  /** What the files could not hold, and processes that have no core file (all processes asked). */
  problems: ProblemInfo[];
}

export interface CoreFilesOptions {
  /** Null: every process with memory in the checkpoint (the others are named in problems). */
  pids: readonly number[] | null;
  outputDir: string;
  signal?: AbortSignal;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

export async function coreFileOf(session: InspectSession, pid: number): Promise<CoreFile> {
  if (!session.coreFile) throw new AppError('UNSUPPORTED', 'this archive view cannot make core files');
  return session.coreFile(pid);
}

async function writeAll(handle: FileHandle, chunk: Buffer): Promise<void> {
  let done = 0;
  while (done < chunk.length) done += (await handle.write(chunk, done, chunk.length - done)).bytesWritten;
}

/** Writes `core` to `target` atomically (replacing a regular file there). */
export async function writeCoreTo(
  core: CoreFile,
  target: string,
  options: { signal?: AbortSignal; onBytes?: (bytesDone: number) => void } = {},
): Promise<number> {
  return writeOutputFile(target, (handle) => core.write((chunk) => writeAll(handle, chunk), options), {
    replace: true,
  });
}

/** core.PID of each asked process in `outputDir`. A named pid that cannot have one fails the call. */
export async function writeCoreFiles(session: InspectSession, options: CoreFilesOptions): Promise<CoreFilesResult> {
  const problems: ProblemInfo[] = [];
  const cores: CoreFile[] = [];
  if (options.pids) {
    for (const pid of options.pids) cores.push(await coreFileOf(session, pid));
  } else {
    const view = await session.processView();
    problems.push(...view.problems);
    for (const p of await liveProcesses(sessionSource(session))) {
      try {
        cores.push(await coreFileOf(session, p.pid));
      } catch (error) {
        const info = error instanceof AppError ? error : new AppError('INTERNAL', String(error));
        problems.push({ where: `checkpoint/core-${p.pid}.img`, pid: p.pid, code: info.code, message: info.message });
      }
    }
  }
  const total = cores.reduce((s, c) => s + c.size, 0);
  let before = 0;
  const files: WrittenCore[] = [];
  for (const core of cores) {
    const target = path.join(options.outputDir, core.fileName);
    await writeCoreTo(core, target, {
      signal: options.signal,
      onBytes: (done) => options.onProgress?.(before + done, total),
    });
    before += core.size;
    const { problems: own, write: _write, ...summary } = core;
    problems.push(...own);
    const custody = await recordCustody(session, {
      action: 'exported',
      what: 'core file',
      target,
      detail: { pid: core.pid },
    });
    if (!custody.ok) problems.push(custody.problem);
    files.push({ ...summary, path: target });
  }
  return { files, problems };
}

/** A core file being downloaded: its name and size first, then its bytes. */
export interface CoreDownload {
  fileName: string;
  size: number;
  /** Streams the bytes as a job (progress, cancel by job id or by `signal`: the client went away). */
  send(sink: (chunk: Buffer) => Promise<void>, signal?: AbortSignal): Promise<void>;
}

export interface CoredumpApp {
  /** Electron: a save dialog, then the file written as a job. */
  save(archiveId: string, pid: number): Promise<{ saved: boolean; problems: ProblemInfo[] }>;
  /** The browser host: the file's size and a stream of it. */
  download(archiveId: string, pid: number): Promise<CoreDownload>;
}

export function createCoredumpApp(deps: { jobs: JobManager; archives: ArchivesPort; host: HostServices }): CoredumpApp {
  const { jobs, archives, host } = deps;
  const runJob = (archiveId: string, core: CoreFile, work: (ctx: JobContext) => Promise<void>) =>
    jobs.run(
      'coredump',
      `Core file ${core.fileName}`,
      async (ctx) => {
        await work(ctx);
        return { archiveId, pid: core.pid, fileName: core.fileName, bytes: core.size, problems: core.problems.length };
      },
      { archiveId },
    );
  const progress = (ctx: JobContext, total: number) => (done: number) =>
    ctx.progress({ phase: 'write', bytesDone: done, bytesTotal: total, fraction: total > 0 ? done / total : null });
  return {
    async save(archiveId, pid) {
      const session = archives.get(archiveId); // an unknown archive is NOT_FOUND on every host
      if (!host.showSaveDialog)
        throw new AppError('UNSUPPORTED', 'this host downloads core files instead of saving them');
      const core = await coreFileOf(session, pid);
      const target = await host.showSaveDialog(core.fileName);
      if (!target) return { saved: false, problems: [] };
      await runJob(archiveId, core, (ctx) =>
        writeCoreTo(core, target, { signal: ctx.signal, onBytes: progress(ctx, core.size) }).then(() => undefined),
      );
      await exportedOrSay(archives.get(archiveId), { what: 'core file', target, detail: { pid } });
      return { saved: true, problems: core.problems };
    },
    async download(archiveId, pid) {
      const core = await coreFileOf(archives.get(archiveId), pid);
      return {
        fileName: core.fileName,
        size: core.size,
        send: (sink, signal) =>
          runJob(archiveId, core, async (ctx) => {
            const both = signal ? AbortSignal.any([signal, ctx.signal]) : ctx.signal;
            await core.write(sink, { signal: both, onBytes: progress(ctx, core.size) });
          }).then(() => undefined),
      };
    },
  };
}
