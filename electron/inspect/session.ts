import type {
  ArchiveSummary,
  CriuImageInfo,
  DecodedImagePage,
  FileRow,
  MemberInfo,
  MemoryUsageRow,
  MountRow,
  Overview,
  ProcessDetail,
  ProcessInfo,
  RootfsEntry,
  SocketRow,
  View,
  Vma,
} from '../../shared/dto';
import type { CoreFile } from './coredump/core-file';
import type { MadeFrom, SharedFileLike } from './ports';
import type { MemoryRegions } from './search/memory-source';
import type { SocketDetail } from './sockets';

/** Bytes read from a member or a rootfs file: domain values; hosts encode them for their wire. */
export interface ByteRange {
  offset: number;
  data: Buffer;
  /** Total size of the thing being read. */
  total: number;
}

/** Memory of one process by address; absent pages read as zero. */
export interface MemoryBytes {
  address: number;
  data: Buffer;
  /** One flag per 4 KiB page in the range: true when the page is in the dump. */
  present: boolean[];
}

/**
 * One opened archive and every view of it. Views are computed lazily and
 * cached; a corrupt member fails only the views that need it.
 */
export interface InspectSession {
  readonly archiveId: string;
  /** Main-side only; never sent to the renderer. */
  readonly path: string;
  summary(): ArchiveSummary;
  overview(): Promise<Overview>;
  members(): MemberInfo[];
  readMember(name: string, offset: number, length: number): Promise<ByteRange>;
  /** Of the file as opened; onBytes reports bytes hashed so far. */
  sha256(signal?: AbortSignal, onBytes?: (bytesDone: number) => void): Promise<string>;
  /** Device, inode, size and mtime (ns) of the file sha256() hashes; null when unknown (fakes, worker copies). */
  sourceIdentity?(): Promise<{ dev: string; ino: string; size: number; mtimeNs: string; ctimeNs: string } | null>;
  config(): Promise<unknown>;
  spec(): Promise<unknown>;
  log(offset: number, length: number): Promise<ByteRange>;
  processes(): Promise<ProcessInfo[]>;
  /** The process list with the problems of the pstree and cores it read. */
  processView(): Promise<View<ProcessInfo>>;
  /** One process in detail; each part that could not be read is in its `problems`. */
  process(pid: number): Promise<ProcessDetail>;
  /** The environment of one process; throws naming the member when it cannot be read. */
  environment(pid: number): Promise<ProcessDetail['environment']>;
  /** cwd and root of one process; throws naming the member when they cannot be read. */
  fsOf(pid: number): Promise<{ cwd: string | null; root: string | null }>;
  files(): Promise<View<FileRow>>;
  sockets(): Promise<View<SocketRow>>;
  mounts(): Promise<View<MountRow>>;
  memoryUsage(): Promise<View<MemoryUsageRow>>;
  vmas(pid: number): Promise<Vma[]>;
  readMemory(pid: number, address: number, length: number): Promise<MemoryBytes>;
  /** One process's dumped memory by address, for search, strings and findings (read straight from the pages file). */
  memoryRegions(pid: number): Promise<MemoryRegions>;
  /** The ELF core file of one process (layout known, bytes streamed on write); absent on fakes. */
  coreFile?(pid: number): Promise<CoreFile>;
  /** The argv of one process, read from its memory; throws when that memory cannot be read. */
  cmdline(pid: number): Promise<string[]>;
  /** Socket rows with the buffer sizes checkpointctl shows. */
  socketDetails(): Promise<View<SocketDetail>>;
  images(): Promise<CriuImageInfo[]>;
  decodeImage(name: string, offset: number, limit: number): Promise<DecodedImagePage>;
  rootfs(): Promise<RootfsEntry[]>;
  readRootfsFile(path: string, offset: number, length: number): Promise<ByteRange>;
  /** Copy one rootfs file out, streaming, to a path chosen by the user. */
  exportRootfsFile(path: string, destination: string): Promise<void>;
  /**
   * A descriptor of its own on the file the index reads (the archive, or its
   * decompressed copy), for a worker thread to open its own session on; the
   * caller closes it. Null when the index cannot (fakes in tests).
   */
  reopenIndexed?(): Promise<SharedFileLike | null>;
  close(): Promise<void>;
}

export interface OpenOptions {
  archiveId: string;
  /** Private cache folder (mode 0700) for decompressed data of this archive. */
  cacheDir: string;
  signal?: AbortSignal;
  /** Bytes decompressed or indexed so far. */
  onProgress?: (p: { phase: 'decompress' | 'index'; bytesDone: number; bytesTotal: number | null }) => void;
  /**
   * The parent of an incremental checkpoint (Podman --with-previous: its
   * --pre-checkpoint export): PE_PARENT pages are read from its
   * pre-checkpoint/ (or checkpoint/) images.
   */
  parentPath?: string;
  /** An archive we made from a checkpoint image: which image, and what of it was not read. */
  madeFrom?: MadeFrom;
}

export type OpenArchive = (path: string, options: OpenOptions) => Promise<InspectSession>;
