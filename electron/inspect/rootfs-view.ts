import type { ProblemInfo, RootfsEntry } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import { writeChunks, writeOutputFile } from '../fs/output-file';
import { boundedRange } from './bounds';
import type { ByteRange } from './session';
import type { ImageStore } from './image-store';
import { once } from './memo';
import { problemOf } from './process-images';
import type { ArchiveIndexLike, InspectDeps, TarMemberLike } from './ports';
import { parseDeletedFiles, rootfsEntries, rootfsPath } from './rootfs-diff';

const DIFF_MEMBER = 'rootfs-diff.tar';

/** rootfs-diff.tar opened as a nested archive on first use, its files readable by range. */
export class RootfsDiff<M extends TarMemberLike> {
  constructor(
    private readonly index: ArchiveIndexLike<M>,
    private readonly store: ImageStore<M>,
    private readonly deps: Pick<InspectDeps<M>, 'openNestedTar'>,
    private readonly cacheDir: string,
  ) {}

  private readonly open = once(async (): Promise<ArchiveIndexLike<M> | null> => {
    const member = this.index.get(DIFF_MEMBER);
    if (!member || member.type !== 'file') return null;
    try {
      return await this.deps.openNestedTar(this.index, member, { cacheDir: this.cacheDir });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new AppError(error instanceof AppError ? error.code : 'ARCHIVE_CORRUPT', `${DIFF_MEMBER}: ${message}`, {
        member: DIFF_MEMBER,
      });
    }
  });

  /**
   * What indexing rootfs-diff.tar found (duplicate names, unsafe names, or a
   * tar that cannot be read), as problems of the archive: the session lists
   * them from the start, so every view agrees on them.
   */
  async problems(): Promise<ProblemInfo[]> {
    try {
      const nested = await this.open();
      return (nested?.problems ?? []).map((p) => ({
        where: `${DIFF_MEMBER}:${p.where}`,
        code: p.code,
        message: `${DIFF_MEMBER}: ${p.message}`,
      }));
    } catch (error) {
      return [problemOf(error, DIFF_MEMBER)];
    }
  }

  readonly entries = once(async (): Promise<RootfsEntry[]> => {
    const nested = await this.open();
    const deleted = parseDeletedFiles(await this.store.readJson('deleted.files'));
    return rootfsEntries(nested?.members ?? [], deleted);
  });

  /**
   * Members by container path, built once: a search of the member list per
   * read made findings over a diff of many files quadratic. The last member
   * of a path wins, as in the listing (rootfsEntries) and the index itself,
   * which keeps only the last copy of a name (archive/tar-indexer.ts): every
   * view reads the copy tar extraction would leave.
   */
  private readonly byPath = once(async () => {
    const nested = await this.open();
    const any = new Map<string, M>();
    const files = new Map<string, M>();
    for (const m of nested?.members ?? []) {
      const p = rootfsPath(m.name);
      any.set(p, m);
      if (m.type === 'file') files.set(p, m);
      else files.delete(p);
    }
    return { nested, any, files };
  });

  /** The regular file at a container path; a hard link resolves to its target (one step, inside the diff). */
  private async file(path: string): Promise<{ nested: ArchiveIndexLike<M>; member: M }> {
    const { nested, any, files } = await this.byPath();
    const want = rootfsPath(path);
    const found = any.get(want);
    if (!nested || !found) throw new AppError('NOT_FOUND', `${want} is not in the rootfs diff`, { path: want });
    let member = found;
    if (member.type === 'hardlink' && member.linkname) member = files.get(rootfsPath(member.linkname)) ?? member;
    if (member.type !== 'file')
      throw new AppError('INVALID_ARGUMENT', `${want} is a ${member.type}, not a regular file`, { path: want });
    return { nested, member };
  }

  async read(path: string, offset: number, length: number): Promise<ByteRange> {
    const { nested, member } = await this.file(path);
    const n = boundedRange(offset, length, member.size, path);
    return { offset, data: await nested.read(member, offset, n), total: member.size };
  }

  /** Streams the file to the path the user chose in a save dialog (which asked before replacing a file). */
  async export(path: string, destination: string): Promise<void> {
    const { nested, member } = await this.file(path);
    await writeOutputFile(
      destination,
      (handle) => writeChunks(handle, nested.stream(member) as AsyncIterable<Buffer>),
      { replace: true },
    );
  }

  async close(): Promise<void> {
    const nested = await this.open.peek()?.catch(() => null);
    await nested?.close();
  }
}
