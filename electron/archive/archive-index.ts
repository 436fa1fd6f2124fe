import { createHash } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open, unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { CheckpointImageInfo } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import type { ArchiveIndex, ArchiveLayout, ArchiveProblem, FileIdentity, RandomAccess, TarMember } from './index';
import type { ArchiveLimits } from './limits';

export interface IndexFields {
  sourcePath: string;
  indexedPath: string;
  compression: 'none' | 'gzip' | 'zstd';
  /** 'tar' unless a folder was packed into the cache to be read (see folder-pack.ts). */
  layout?: ArchiveLayout;
  archiveSize: number;
  members: TarMember[];
  problems: ArchiveProblem[];
  handle: FileHandle;
  /**
   * The bytes sha256() hashes: the file the user named as opened (for a
   * compressed archive its own descriptor, kept open), or a member range of
   * the parent for a nested tar. `owned` ones are closed with the index.
   */
  source: { handle: FileHandle; base: number; size: number; owned: boolean };
  /** The decompressed copy this index owns and removes on close. */
  cacheFile: string | null;
  limits: ArchiveLimits;
}

const STREAM_CHUNK = 256 * 1024;

/** Reads exactly length bytes at position, or fails: the file changed under us. */
export async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}

export class TarArchiveIndex implements ArchiveIndex {
  readonly sourcePath: string;
  readonly indexedPath: string;
  readonly compression: 'none' | 'gzip' | 'zstd';
  readonly layout: ArchiveLayout;
  readonly archiveSize: number;
  readonly members: readonly TarMember[];
  private ownProblems: readonly ArchiveProblem[];
  private image: CheckpointImageInfo | null = null;
  readonly limits: ArchiveLimits;
  private readonly own = new Set<TarMember>();
  private readonly byName = new Map<string, TarMember>();
  private readonly handle: FileHandle;
  private readonly source: IndexFields['source'];
  private readonly cacheFile: string | null;
  private closed: Promise<void> | null = null;

  constructor(f: IndexFields) {
    this.sourcePath = f.sourcePath;
    this.indexedPath = f.indexedPath;
    this.compression = f.compression;
    this.layout = f.layout ?? 'tar';
    this.archiveSize = f.archiveSize;
    for (const m of f.members) {
      Object.freeze(m);
      this.own.add(m);
      this.byName.set(m.name, m);
    }
    this.members = Object.freeze([...f.members]);
    this.ownProblems = Object.freeze(f.problems.map((p) => Object.freeze({ ...p })));
    this.handle = f.handle;
    this.source = f.source;
    this.cacheFile = f.cacheFile;
    this.limits = f.limits;
  }

  get problems(): readonly ArchiveProblem[] {
    return this.ownProblems;
  }

  get checkpointImage(): CheckpointImageInfo | null {
    return this.image;
  }

  /** Marks this index as the layer of a checkpoint OCI image (once), with what reading the image met first. */
  markCheckpointImage(image: CheckpointImageInfo, problems: readonly ArchiveProblem[]): void {
    if (this.image !== null) throw new AppError('INTERNAL', `${this.sourcePath} is already marked as an image layer`);
    this.image = Object.freeze({ ...image, annotations: Object.freeze({ ...image.annotations }) });
    this.ownProblems = Object.freeze([...problems.map((p) => Object.freeze({ ...p })), ...this.ownProblems]);
  }

  get(name: string): TarMember | undefined {
    return this.byName.get(name);
  }

  /** The identity of the open file, so a nested index can reopen it and check it is the same. */
  async fileIdentity(): Promise<{ dev: number; ino: number }> {
    this.assertOpen();
    const s = await this.handle.stat();
    return { dev: s.dev, ino: s.ino };
  }

  /**
   * A second descriptor on the same open file (not on whatever its path names
   * now: it may have been renamed over since), checked by device and inode.
   */
  async reopen(): Promise<FileHandle> {
    this.assertOpen();
    const want = await this.handle.stat();
    const handle = await open(`/proc/self/fd/${this.handle.fd}`, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    const got = await handle.stat();
    if (got.dev !== want.dev || got.ino !== want.ino) {
      await handle.close();
      throw new AppError('ARCHIVE_CORRUPT', `${this.sourcePath}: cannot reopen the file that was indexed`);
    }
    return handle;
  }

  /**
   * Device, inode, size, mtime and ctime (ns) of the file sha256() hashes, from its
   * descriptor: the key under which hashes of this archive may be cached.
   */
  async sourceIdentity(): Promise<FileIdentity> {
    this.assertOpen();
    const s = await this.source.handle.stat({ bigint: true });
    return {
      dev: String(s.dev),
      ino: String(s.ino),
      size: this.source.size,
      mtimeNs: String(s.mtimeNs),
      ctimeNs: String(s.ctimeNs),
    };
  }

  /** sha256 of the archive as opened, read from the descriptor opened at open time. */
  async sha256(signal?: AbortSignal, onBytes?: (bytesDone: number) => void): Promise<string> {
    this.assertOpen();
    const hash = createHash('sha256');
    const { handle, base, size } = this.source;
    const buffer = Buffer.allocUnsafe(STREAM_CHUNK * 4);
    for (let pos = 0; pos < size;) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'sha256 cancelled');
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - pos), base + pos);
      if (bytesRead === 0)
        throw new AppError('ARCHIVE_CORRUPT', `${this.sourcePath}: the file is shorter than when it was opened`);
      hash.update(buffer.subarray(0, bytesRead));
      pos += bytesRead;
      onBytes?.(pos);
    }
    return hash.digest('hex');
  }

  assertMember(member: TarMember): void {
    this.assertOpen();
    if (!this.own.has(member)) throw new AppError('INTERNAL', 'member does not belong to this archive index');
  }

  async read(member: TarMember, offset: number, length: number): Promise<Buffer> {
    this.assertMember(member);
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
      throw new AppError('INVALID_ARGUMENT', `bad range ${offset}+${length} for member ${member.name}`);
    }
    const n = Math.max(0, Math.min(length, member.size - offset));
    if (n > this.limits.maxReadBytes) {
      throw new AppError(
        'LIMIT_EXCEEDED',
        `read of ${n} bytes from ${member.name} is above the ${this.limits.maxReadBytes}-byte limit`,
      );
    }
    if (n === 0) return Buffer.alloc(0);
    const data = await readAt(this.handle, member.dataOffset + offset, n);
    if (data.length < n) {
      throw new AppError(
        'ARCHIVE_CORRUPT',
        `member ${member.name}: the archive file is shorter than when it was indexed (at offset ${member.dataOffset + offset + data.length})`,
      );
    }
    return data;
  }

  /** Fills target[0, length) from the member at offset, without allocating; fails on a short read. */
  async readInto(member: TarMember, offset: number, length: number, target: Buffer): Promise<Buffer> {
    this.assertMember(member);
    if (
      !Number.isSafeInteger(offset) ||
      !Number.isSafeInteger(length) ||
      offset < 0 ||
      length < 0 ||
      offset + length > member.size ||
      length > target.length
    ) {
      throw new AppError('INVALID_ARGUMENT', `bad range ${offset}+${length} for member ${member.name}`);
    }
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(target, done, length - done, member.dataOffset + offset + done);
      if (bytesRead === 0)
        throw new AppError(
          'ARCHIVE_CORRUPT',
          `member ${member.name}: the archive file is shorter than when it was indexed (at offset ${member.dataOffset + offset + done})`,
        );
      done += bytesRead;
    }
    return target.subarray(0, length);
  }

  access(member: TarMember): RandomAccess {
    this.assertMember(member);
    return { size: member.size, read: (offset, length) => this.read(member, offset, length) };
  }

  stream(member: TarMember, range?: { start: number; end: number }): NodeJS.ReadableStream {
    this.assertMember(member);
    const start = Math.max(0, Math.min(range?.start ?? 0, member.size));
    const end = Math.max(start, Math.min(range?.end ?? member.size, member.size));
    const chunks = async function* (self: TarArchiveIndex): AsyncGenerator<Buffer> {
      for (let pos = start; pos < end; pos += STREAM_CHUNK) {
        yield await self.read(member, pos, Math.min(STREAM_CHUNK, end - pos));
      }
    };
    return Readable.from(chunks(this), { objectMode: false });
  }

  async readAll(member: TarMember, maxBytes: number): Promise<Buffer> {
    this.assertMember(member);
    if (member.size > maxBytes) {
      throw new AppError(
        'LIMIT_EXCEEDED',
        `member ${member.name} is ${member.size} bytes, above the ${maxBytes}-byte limit for reading it whole`,
      );
    }
    const parts: Buffer[] = [];
    for (let pos = 0; pos < member.size; pos += this.limits.maxReadBytes) {
      parts.push(await this.read(member, pos, Math.min(this.limits.maxReadBytes, member.size - pos)));
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      await this.handle.close();
      if (this.source.owned && this.source.handle !== this.handle) await this.source.handle.close();
      if (this.cacheFile !== null) await unlink(this.cacheFile).catch(() => undefined);
    })();
    return this.closed;
  }

  private assertOpen(): void {
    if (this.closed !== null) throw new AppError('CLOSED', `archive ${this.sourcePath} is closed`);
  }
}
