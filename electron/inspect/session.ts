import type {
  ArchiveSummary,
  BytesPage,
  CriuImageInfo,
  DecodedImagePage,
  FileRow,
  MemberInfo,
  MemoryRange,
  MemoryUsageRow,
  MountRow,
  Overview,
  ProcessDetail,
  ProcessInfo,
  RootfsEntry,
  SocketRow,
  Vma,
} from '../../shared/dto';

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
  readMember(name: string, offset: number, length: number): Promise<BytesPage>;
  sha256(signal?: AbortSignal): Promise<string>;
  config(): Promise<unknown>;
  spec(): Promise<unknown>;
  log(offset: number, length: number): Promise<BytesPage>;
  processes(): Promise<ProcessInfo[]>;
  process(pid: number): Promise<ProcessDetail>;
  files(): Promise<FileRow[]>;
  sockets(): Promise<SocketRow[]>;
  mounts(): Promise<MountRow[]>;
  memoryUsage(): Promise<MemoryUsageRow[]>;
  vmas(pid: number): Promise<Vma[]>;
  readMemory(pid: number, address: number, length: number): Promise<MemoryRange>;
  images(): Promise<CriuImageInfo[]>;
  decodeImage(name: string, offset: number, limit: number): Promise<DecodedImagePage>;
  rootfs(): Promise<RootfsEntry[]>;
  readRootfsFile(path: string, offset: number, length: number): Promise<BytesPage>;
  /** Copy one rootfs file out, streaming, to a path chosen by the user. */
  exportRootfsFile(path: string, destination: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  archiveId: string;
  /** Private cache folder (mode 0700) for decompressed data of this archive. */
  cacheDir: string;
  signal?: AbortSignal;
}

export type OpenArchive = (path: string, options: OpenOptions) => Promise<InspectSession>;
