import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { RootfsEntry } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import { boundedRange } from './bounds';
import type { ByteRange } from './session';
import type { ImageStore } from './image-store';
import { once } from './memo';
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

  readonly entries = once(async (): Promise<RootfsEntry[]> => {
    const nested = await this.open();
    const deleted = parseDeletedFiles(await this.store.readJson('deleted.files'));
    return rootfsEntries(nested?.members ?? [], deleted);
  });

  /** The regular file at a container path; a hard link resolves to its target (one step, inside the diff). */
  private async file(path: string): Promise<{ nested: ArchiveIndexLike<M>; member: M }> {
    const nested = await this.open();
    const want = rootfsPath(path);
    const found = nested?.members.find((m) => rootfsPath(m.name) === want);
    if (!nested || !found) throw new AppError('NOT_FOUND', `${want} is not in the rootfs diff`, { path: want });
    let member = found;
    if (member.type === 'hardlink' && member.linkname) {
      const target = rootfsPath(member.linkname);
      member = nested.members.find((m) => rootfsPath(m.name) === target && m.type === 'file') ?? member;
    }
    if (member.type !== 'file')
      throw new AppError('INVALID_ARGUMENT', `${want} is a ${member.type}, not a regular file`, { path: want });
    return { nested, member };
  }

  async read(path: string, offset: number, length: number): Promise<ByteRange> {
    const { nested, member } = await this.file(path);
    const n = boundedRange(offset, length, member.size, path);
    return { offset, data: await nested.read(member, offset, n), total: member.size };
  }

  /** Streams the file to a temporary name beside the destination, then renames it into place. */
  async export(path: string, destination: string): Promise<void> {
    const { nested, member } = await this.file(path);
    const temp = join(dirname(destination), `.${basename(destination)}.${randomBytes(6).toString('hex')}.part`);
    try {
      await pipeline(nested.stream(member), createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
      await rename(temp, destination);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async close(): Promise<void> {
    const nested = await this.open.peek()?.catch(() => null);
    await nested?.close();
  }
}
