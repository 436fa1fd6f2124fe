import type { CheckpointImageInfo } from '../../shared/dto';
import type { ProblemCode } from '../../shared/errors';
/**
 * Opening checkpoint archives: compression sniffing, a tar index built by
 * seeking from header to header, bounded reads of members, nested tars.
 *
 * Every archive is treated as hostile: nothing is ever extracted to disk
 * (only whole decompressed archives go to the private cache folder), links
 * are indexed but never followed, and every size, count and name is bounded
 * by ArchiveLimits. Errors are AppError with codes ARCHIVE_CORRUPT,
 * ARCHIVE_UNSUPPORTED, LIMIT_EXCEEDED, CANCELLED (and INVALID_ARGUMENT for
 * calls that break this API's rules, e.g. a member of another index).
 */
import type { ArchiveLimits } from './limits';

/** What was opened: a tar (compressed or not), an unpacked archive folder, or a bare CRIU images folder. */
export type ArchiveLayout = 'tar' | 'folder' | 'criu-folder';

export type MemberType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarMember {
  /** Normalised: no leading `/` or `./`, no `.` or empty segments, no trailing `/`. `..` segments are kept (and reported as a problem). */
  name: string;
  /** The name as stored (after pax / GNU long-name overrides), before normalisation. */
  rawName: string;
  /** Devices, fifos, GNU sparse and unknown typeflags are 'other'. */
  type: MemberType;
  /** Bytes of payload in the indexed file (for a truncated member: the bytes present). */
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtime: Date | null;
  linkname: string | null;
  /** Offset of the payload in the indexed file (indexedPath). */
  dataOffset: number;
  /** Offset of this member's own 512-byte header in the indexed file. */
  headerOffset: number;
  /** The raw typeflag character ('0', '5', '3', ...; '0' for NUL). */
  typeflag: string;
}

export interface RandomAccess {
  readonly size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

export interface ArchiveProblem {
  /** A member name, or `offset N` for problems between members. */
  where: string;
  code: ProblemCode;
  message: string;
}

export interface ArchiveIndex {
  readonly sourcePath: string;
  /** The file the offsets refer to: the original archive, or its decompressed copy in the cache folder. */
  readonly indexedPath: string;
  readonly compression: 'none' | 'gzip' | 'zstd';
  /** A folder is packed into the cache and read as a tar: offsets and sha256 are of that copy. */
  readonly layout: ArchiveLayout;
  /** Size of the source (compressed size for compressed archives, member size for a nested tar). */
  readonly archiveSize: number;
  readonly members: readonly TarMember[];
  readonly problems: readonly ArchiveProblem[];
  /** Set when the archive was read out of a checkpoint OCI image (layout folder or tar). */
  readonly checkpointImage: CheckpointImageInfo | null;
  /** Exact normalised name; for duplicates the last one (as tar extraction would leave it). */
  get(name: string): TarMember | undefined;
  /** Bounded to the member: returns fewer bytes at its end, an empty buffer past it. */
  read(member: TarMember, offset: number, length: number): Promise<Buffer>;
  access(member: TarMember): RandomAccess;
  /** Fills target[0, length) from the member at offset (the caller reuses its buffers); fails on a short read. */
  readInto(member: TarMember, offset: number, length: number, target: Buffer): Promise<Buffer>;
  /** sha256 (hex) of the archive as opened: the same file every read uses, even if its path was replaced since. */
  sha256(signal?: AbortSignal, onBytes?: (bytesDone: number) => void): Promise<string>;
  /** Of the file sha256() hashes (see FileIdentity). */
  sourceIdentity(): Promise<FileIdentity>;
  /** range.end is exclusive (like Buffer.subarray); both are clamped to the member. */
  stream(member: TarMember, range?: { start: number; end: number }): NodeJS.ReadableStream;
  /** Throws LIMIT_EXCEEDED when the member is larger than maxBytes. */
  readAll(member: TarMember, maxBytes: number): Promise<Buffer>;
  /** Closes the file descriptor and removes this archive's cache file. Idempotent. */
  close(): Promise<void>;
}

/**
 * Which file, in which state: device, inode, size, mtime and ctime in ns
 * (decimal strings: they pass 2^53). ctime too: an mtime set back by hand
 * (touch -d) after a write still changes it.
 */
export interface FileIdentity {
  dev: string;
  ino: string;
  size: number;
  mtimeNs: string;
  ctimeNs: string;
}

export interface OpenProgress {
  /** 'decompress' (bytesDone = compressed bytes consumed) or 'index' (bytes of tar walked). */
  phase: 'decompress' | 'index';
  bytesDone: number;
  bytesTotal: number | null;
}

export interface OpenArchiveOptions {
  /** A private folder (mode 0700, ours) for decompressed copies; see createCacheRoot (or deferCacheRoot: made when first needed). */
  cacheDir: string;
  limits?: Partial<ArchiveLimits>;
  signal?: AbortSignal;
  onProgress?: (p: OpenProgress) => void;
  /** The archive is one we made from a checkpoint image (containerd's store): the index says which, with its problems. */
  madeFrom?: MadeFrom;
}

export interface MadeFrom {
  image: CheckpointImageInfo;
  problems: ArchiveProblem[];
}

export type { ArchiveLimits } from './limits';
export { openNestedTar } from './open-archive';
export { isOciLayoutDir, openArchive } from './oci-layout';
export { isCheckpointFolder } from './folder-pack';
export {
  createCacheRoot,
  cleanStaleCaches,
  deferCacheRoot,
  readyCacheDir,
  removeCacheRoot,
  defaultCacheBase,
} from './cache-root';
