import type { CheckpointImageInfo } from '../../shared/dto';
import type { ProblemCode } from '../../shared/errors';
/**
 * The parts of electron/archive and electron/criu that the inspection core
 * uses, as structural types: the session is built against these, so it can
 * be unit-tested over small fakes; open-archive.ts plugs in the real modules.
 */

export interface RandomAccessLike {
  readonly size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

export interface TarMemberLike {
  name: string;
  type: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtime: Date | null;
  linkname: string | null;
}

export interface ArchiveIndexLike<M extends TarMemberLike = TarMemberLike> {
  readonly compression: 'none' | 'gzip' | 'zstd';
  /** A folder packed to be read, or a tar (absent in fakes: a tar). */
  readonly layout?: 'tar' | 'folder' | 'criu-folder';
  readonly archiveSize: number;
  /** The checkpoint OCI image the archive was read from (absent in fakes). */
  readonly checkpointImage?: CheckpointImageInfo | null;
  readonly members: readonly M[];
  readonly problems: readonly { where: string; code: ProblemCode; message: string }[];
  get(name: string): M | undefined;
  read(member: M, offset: number, length: number): Promise<Buffer>;
  access(member: M): RandomAccessLike;
  /** Fills target[0, length) from the member (the caller reuses its buffers); fails on a short read. */
  readInto(member: M, offset: number, length: number, target: Buffer): Promise<Buffer>;
  /** sha256 (hex) of the archive as opened: the file every read uses, whatever its path names now. */
  sha256(signal?: AbortSignal, onBytes?: (bytesDone: number) => void): Promise<string>;
  stream(member: M, range?: { start: number; end: number }): NodeJS.ReadableStream;
  readAll(member: M, maxBytes: number): Promise<Buffer>;
  /** Device, inode, size and mtime of the file sha256() hashes, for caching hashes (absent in fakes). */
  sourceIdentity?(): Promise<{ dev: string; ino: string; size: number; mtimeNs: string; ctimeNs: string }>;
  /** A descriptor of its own on the indexed file, checked by device and inode (absent in fakes). */
  reopen?(): Promise<SharedFileLike>;
  close(): Promise<void>;
}

/** An open descriptor a worker thread of this process can open the same file through (/proc/self/fd/N). */
export interface SharedFileLike {
  readonly fd: number;
  stat(): Promise<{ dev: number; ino: number }>;
  close(): Promise<void>;
}

export interface DecodedImageLike {
  magic: string;
  kind?: string;
  entries: unknown[];
  truncated?: boolean;
}

export interface ParentMemoryLike {
  where: string;
  reader: MemoryReaderLike | null;
  pages: RandomAccessLike;
}

export interface MemoryReaderLike {
  readonly pagesId: number;
  readonly problems: readonly string[];
  /** PE_PARENT pages no parent supplied, in words; null or absent when there are none. */
  readonly parentProblem?: string | null;
  allRanges(): readonly { start: number; end: number; inFile: boolean }[];
  read(address: number, length: number): Promise<{ data: Buffer; present: boolean[] }>;
}

/** An archive we made from a checkpoint image (containerd's store): which image, and what of it was not read. */
export interface MadeFrom {
  image: CheckpointImageInfo;
  problems: { where: string; code: ProblemCode; message: string }[];
}

export interface InspectDeps<M extends TarMemberLike = TarMemberLike> {
  openArchive(
    path: string,
    opts: {
      cacheDir: string;
      signal?: AbortSignal;
      onProgress?: (p: { phase: 'decompress' | 'index'; bytesDone: number; bytesTotal: number | null }) => void;
      madeFrom?: MadeFrom;
    },
  ): Promise<ArchiveIndexLike<M>>;
  /** A tar inside the archive (rootfs-diff.tar, often gzip despite its name). */
  openNestedTar(
    parent: ArchiveIndexLike<M>,
    member: M,
    opts: { cacheDir: string; signal?: AbortSignal },
  ): Promise<ArchiveIndexLike<M>>;
  /** What an image is from its first 8 bytes and its name. */
  sniffImage(head: Buffer, name?: string): { magic: string; kind: string };
  decodeImage(bytes: Buffer, opts: { pretty?: boolean; maxEntries?: number; name?: string }): DecodedImageLike;
  /** `parent`: the parent dump's reader for the same process (an incremental dump's PE_PARENT pages are there). */
  memoryReader(pagemap: DecodedImageLike, pages: RandomAccessLike, parent?: ParentMemoryLike | null): MemoryReaderLike;
}
