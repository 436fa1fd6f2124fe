import type { ProblemInfo } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import { numField, sub } from './crit-values';
import { FileTable, parseFdinfo, type Fdinfo } from './file-table';
import type { ImageStore } from './image-store';
import { Memo } from './memo';
import type { MemoryReaderLike } from './ports';
import { coreFacts, type CoreFacts } from './process-core';
import { buildPstree, type Pstree } from './pstree';
import { buildVmas, type VmaList } from './vmas';

/** A thrown error as a problem: the member it names (else `where`), and the process when it is about one. */
export function problemOf(error: unknown, where: string, pid?: number): ProblemInfo {
  const about = pid === undefined ? {} : { pid };
  if (error instanceof AppError) {
    const member = error.details?.['member'];
    return { where: typeof member === 'string' ? member : where, ...about, code: error.code, message: error.message };
  }
  return { where, ...about, code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** An image that cannot be read, as IMAGE_CORRUPT naming its member. */
function problemError(error: unknown, member: string): AppError {
  if (error instanceof AppError && error.details?.['member'] === member) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError(error instanceof AppError ? error.code : 'IMAGE_CORRUPT', `${member}: ${reason}`, { member });
}

/**
 * Per-process views of the CRIU images (core, mm, pagemap, ids, fdinfo),
 * each decoded once and kept.
 */
export class ProcessImages {
  private readonly memo = new Memo();

  constructor(readonly store: ImageStore) {}

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.memo.get(key, load);
  }

  pstree(): Promise<Pstree> {
    return this.once('pstree', async () => buildPstree((await this.store.decode('pstree.img')).entries));
  }

  async task(pid: number): Promise<Pstree['tasks'][number]> {
    const tree = await this.pstree();
    const task = tree.tasks.find((t) => t.pid === pid);
    if (!task) throw new AppError('NOT_FOUND', `no process with pid ${pid} in the dump`, { pid });
    return task;
  }

  core(pid: number): Promise<CoreFacts> {
    return this.once(`core:${pid}`, async () => {
      const entries = (await this.store.decode(`core-${pid}.img`)).entries;
      if (entries.length === 0)
        throw new AppError('IMAGE_CORRUPT', `checkpoint/core-${pid}.img has no entries`, {
          member: `checkpoint/core-${pid}.img`,
        });
      return coreFacts(entries);
    });
  }

  mm(pid: number): Promise<unknown[]> {
    return this.once(`mm:${pid}`, async () => (await this.store.decode(`mm-${pid}.img`)).entries);
  }

  /** The process's memory: pagemap-PID.img over pages-N.img. */
  memory(pid: number): Promise<MemoryReaderLike> {
    return this.once(`memory:${pid}`, async () => {
      const where = `checkpoint/pagemap-${pid}.img`;
      const pagemap = await this.store.decode(`pagemap-${pid}.img`);
      try {
        const pagesId = numField(pagemap.entries[0], 'pages_id');
        const pages = this.store.member(`checkpoint/pages-${pagesId ?? -1}.img`);
        const access = pages
          ? this.store.index.access(pages)
          : { size: 0, read: () => Promise.resolve(Buffer.alloc(0)) };
        return this.store.memoryReader(pagemap, access);
      } catch (error) {
        throw new AppError('IMAGE_CORRUPT', `${where}: ${error instanceof Error ? error.message : String(error)}`, {
          member: where,
        });
      }
    });
  }

  /** The process's VMAs with their problems, built once: a pagemap or file table that fails leaves them without dumped sizes or names. */
  vmaList(pid: number): Promise<VmaList> {
    return this.once(`vmas:${pid}`, async () => {
      await this.task(pid);
      const [mm, pagemap, files] = await Promise.all([
        this.mm(pid),
        this.memory(pid).catch(() => null),
        this.fileTable().catch(() => null),
      ]);
      return buildVmas(mm, pagemap, files, pid);
    });
  }

  /** The process's ids (ids-PID.img, or the copy inside core in older dumps). */
  ids(pid: number): Promise<Record<string, unknown> | null> {
    return this.once(`ids:${pid}`, async () => {
      const own = await this.store.optional(`ids-${pid}.img`);
      if (own) return sub({ e: own[0] }, 'e');
      const core = (await this.store.decode(`core-${pid}.img`)).entries[0];
      return sub(core, 'ids');
    });
  }

  /** files.img indexed from its bytes (a CRIU image), else decoded whole (the JSON images of unit tests). */
  fileTable(): Promise<FileTable> {
    return this.once('files', async () => {
      const bytes = await this.store.bytes('files.img');
      const decodeOne = (image: Buffer) => this.store.decodeBytes(image, 'files.img').entries[0];
      let table: FileTable;
      try {
        table = new FileTable([], { bytes, decodeOne });
      } catch (error) {
        throw problemError(error, 'checkpoint/files.img');
      }
      return table.indexed ? table : new FileTable((await this.store.decode('files.img')).entries);
    });
  }

  /** A process's descriptors; processes sharing a table (CLONE_FILES) share one parsed copy. */
  async fdinfo(pid: number): Promise<Fdinfo[]> {
    const filesId = numField(await this.ids(pid), 'files_id');
    if (filesId === null)
      throw new AppError('IMAGE_CORRUPT', `checkpoint/ids-${pid}.img names no files table`, {
        member: `checkpoint/ids-${pid}.img`,
      });
    return this.once(`fdinfo:${filesId}`, async () =>
      parseFdinfo((await this.store.decode(`fdinfo-${filesId}.img`)).entries),
    );
  }

  /** cwd and root of a process from fs-PID.img, as paths. */
  fs(pid: number): Promise<{ cwd: string | null; root: string | null }> {
    return this.once(`fs:${pid}`, async () => {
      const entries = await this.store.optional(`fs-${pid}.img`);
      if (!entries) return { cwd: null, root: null };
      const table = await this.fileTable();
      return {
        cwd: table.regName(numField(entries[0], 'cwd_id')),
        root: table.regName(numField(entries[0], 'root_id')),
      };
    });
  }

  /** TCP queue lengths of an established socket, from tcp-stream-INO.img. */
  async tcpQueues(ino: number): Promise<{ sendQueue: number; recvQueue: number } | null> {
    const entries = await this.store.optional(`tcp-stream-${ino.toString(16)}.img`).catch(() => null);
    const e = entries?.[0];
    if (!e) return null;
    return { sendQueue: numField(e, 'outq_len') ?? 0, recvQueue: numField(e, 'inq_len') ?? 0 };
  }
}
