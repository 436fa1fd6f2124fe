import type { ProblemInfo } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import { numField, sub } from './crit-values';
import { FileTable, parseFdinfo, type Fdinfo } from './file-table';
import type { ImageStore } from './image-store';
import { Memo } from './memo';
import type { DecodedImageLike, MemoryReaderLike, ParentMemoryLike } from './ports';
import { PE_PARENT } from '../criu/crit-forms';
import { coreFacts, type CoreFacts } from './process-core';
import { limitText, MAX_PROCESSES, MAX_PSTREE_BYTES } from './limits';
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

const PSTREE = 'checkpoint/pstree.img';

/**
 * The error of an image that is not in the archive, without a stack trace:
 * it is an answer about the archive, not a fault in the code, and a hostile
 * pstree makes one for each of tens of thousands of pids.
 */
function notFound(missing: ProblemInfo): AppError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new AppError('NOT_FOUND', missing.message, { member: missing.where });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * pstree.img's entries, its size checked before anything is allocated: only
 * the first MAX_PSTREE_BYTES are decoded, and at most one entry more than
 * MAX_PROCESSES (so that buildPstree can tell there were more). An entry the
 * decoder cannot read (cut by the byte limit, or corrupt) ends the entries:
 * those before it are kept, with a problem naming the limit or the fault.
 */
async function readPstree(store: ImageStore): Promise<{ entries: unknown[]; problems: ProblemInfo[] }> {
  const size = store.member(PSTREE)?.size ?? 0;
  const cut = size > MAX_PSTREE_BYTES;
  const limit = `${size} bytes; the first ${MAX_PSTREE_BYTES} are read (${limitText('MAX_PSTREE_BYTES')})`;
  const read = (maxEntries: number) => store.decodeBounded(PSTREE, MAX_PSTREE_BYTES, maxEntries);
  try {
    const { entries } = await read(MAX_PROCESSES + 1);
    // More than MAX_PROCESSES entries: buildPstree names that limit, the one that stopped the reading.
    const bytesLimit = cut && entries.length <= MAX_PROCESSES;
    return { entries, problems: bytesLimit ? [{ where: PSTREE, code: 'LIMIT_EXCEEDED', message: limit }] : [] };
  } catch (error) {
    if (!(error instanceof AppError))
      throw new AppError('IMAGE_CORRUPT', `${PSTREE}: ${error instanceof Error ? error.message : String(error)}`, {
        member: PSTREE,
      });
    // Not found, or not readable from the archive: the error names the member already.
    if (error.details?.['member'] !== undefined) throw error;
    const entry: unknown = error.details?.['entry'];
    if (typeof entry !== 'number' || !Number.isSafeInteger(entry) || entry < 1) {
      const [code, why] = cut
        ? (['LIMIT_EXCEEDED', `${limit}, and its first entry is longer`] as const)
        : [error.code, error.message];
      throw new AppError(code, `${PSTREE}: ${why}`, { member: PSTREE });
    }
    const { entries } = await read(entry);
    const kept = `${entries.length === 1 ? 'the task' : `the ${entries.length} tasks`} before it ${entries.length === 1 ? 'is' : 'are'} read`;
    return {
      entries,
      problems: [
        cut
          ? {
              where: PSTREE,
              code: 'LIMIT_EXCEEDED',
              message: `${limit}: ${kept} (decoding stopped at ${error.message})`,
            }
          : { where: PSTREE, code: error.code, message: `${error.message}; ${kept}` },
      ],
    };
  }
}

/** An image that cannot be read, as IMAGE_CORRUPT naming its member. */
function problemError(error: unknown, member: string): AppError {
  if (error instanceof AppError && error.details?.['member'] === member) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError(error instanceof AppError ? error.code : 'IMAGE_CORRUPT', `${member}: ${reason}`, { member });
}

/** Where an incremental dump's parent images are: `pre-checkpoint/` in this archive or in the one opened with it. */
export interface ParentImages {
  store: ImageStore;
  dir: string;
  /** For messages: the parent archive's file name, or `this archive`. */
  label: string;
}

const EMPTY_PAGES = { size: 0, read: () => Promise.resolve(Buffer.alloc(0)) };

/**
 * Per-process views of the CRIU images (core, mm, pagemap, ids, fdinfo),
 * each decoded once and kept.
 */
export class ProcessImages {
  private readonly memo = new Memo();

  constructor(
    readonly store: ImageStore,
    readonly parent: ParentImages | null = null,
  ) {}

  /** The parent dump's memory of `pid`, when its pagemap has pages there and a parent is known. */
  private async parentMemory(pid: number, pagemap: DecodedImageLike): Promise<ParentMemoryLike | null> {
    const inParent = pagemap.entries.slice(1).some((e) => {
      const flags = numField(e, 'flags');
      return flags === null ? (e as { in_parent?: unknown }).in_parent === true : (flags & PE_PARENT) !== 0;
    });
    if (!this.parent || !inParent) return null;
    const { store, dir, label } = this.parent;
    const where = `${dir}pagemap-${pid}.img in ${label}`;
    if (!store.has(`${dir}pagemap-${pid}.img`)) return { where, reader: null, pages: EMPTY_PAGES };
    const parentMap = await store.decode(`${dir}pagemap-${pid}.img`);
    const pagesMember = store.member(`${dir}pages-${numField(parentMap.entries[0], 'pages_id') ?? -1}.img`);
    const pages = pagesMember ? store.index.access(pagesMember) : EMPTY_PAGES;
    return { where, reader: store.memoryReader(parentMap, pages), pages };
  }

  /**
   * `load` once, its result kept; when `needs` (an image) is not in the
   * archive, a NOT_FOUND made now and not kept: a hostile pstree can name
   * tens of thousands of pids without images, and a kept error per pid and
   * image would be a blow-up of its own.
   */
  private once<T>(key: string, load: () => Promise<T>, needs?: string): Promise<T> {
    if (needs !== undefined) {
      const missing = this.missing(needs);
      if (missing) return Promise.reject(notFound(missing));
    }
    return this.memo.get(key, load);
  }

  /** The problem of an image that is not in the archive, found without decoding or throwing; null when it is. */
  private missing(image: string, pid?: number): ProblemInfo | null {
    const member = this.store.memberName(image);
    if (this.store.has(member)) return null;
    const about = pid === undefined ? {} : { pid };
    return { where: member, ...about, code: 'NOT_FOUND', message: `${member} is not in the archive` };
  }

  pstree(): Promise<Pstree> {
    return this.once('pstree', async () => {
      const { entries, problems } = await readPstree(this.store);
      const tree = buildPstree(entries);
      tree.problems.unshift(...problems);
      return tree;
    });
  }

  async task(pid: number): Promise<Pstree['tasks'][number]> {
    const tree = await this.pstree();
    const task = tree.byPid.get(pid);
    if (!task) throw new AppError('NOT_FOUND', `no process with pid ${pid} in the dump`, { pid });
    return task;
  }

  /**
   * The problem of a process whose core image is not in the archive, found
   * without decoding or throwing (a hostile pstree can name a million pids
   * with no image each); null when the image is there.
   */
  coreMissing(pid: number): ProblemInfo | null {
    return this.missing(`core-${pid}.img`, pid);
  }

  core(pid: number): Promise<CoreFacts> {
    return this.once(
      `core:${pid}`,
      async () => {
        const entries = (await this.store.decode(`core-${pid}.img`)).entries;
        if (entries.length === 0)
          throw new AppError('IMAGE_CORRUPT', `checkpoint/core-${pid}.img has no entries`, {
            member: `checkpoint/core-${pid}.img`,
          });
        return coreFacts(entries);
      },
      `core-${pid}.img`,
    );
  }

  mm(pid: number): Promise<unknown[]> {
    return this.once(`mm:${pid}`, async () => (await this.store.decode(`mm-${pid}.img`)).entries, `mm-${pid}.img`);
  }

  /** The process's memory: pagemap-PID.img over pages-N.img. */
  memory(pid: number): Promise<MemoryReaderLike> {
    return this.once(
      `memory:${pid}`,
      async () => {
        const where = `checkpoint/pagemap-${pid}.img`;
        const pagemap = await this.store.decode(`pagemap-${pid}.img`);
        try {
          const pagesId = numField(pagemap.entries[0], 'pages_id');
          const pages = this.store.member(`checkpoint/pages-${pagesId ?? -1}.img`);
          const access = pages ? this.store.index.access(pages) : EMPTY_PAGES;
          return this.store.memoryReader(pagemap, access, await this.parentMemory(pid, pagemap));
        } catch (error) {
          throw new AppError('IMAGE_CORRUPT', `${where}: ${error instanceof Error ? error.message : String(error)}`, {
            member: where,
          });
        }
      },
      `pagemap-${pid}.img`,
    );
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
