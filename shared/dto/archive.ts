import type { ProblemCode } from '../errors';
export type Engine = 'containerd' | 'cri-o' | 'podman' | 'kubelet' | 'checkpoint-inspector' | 'unknown';
export type Compression = 'none' | 'gzip' | 'zstd';

/** What the open call returns; the id names the archive in every later call. */
export interface ArchiveSummary {
  archiveId: string;
  /** The file name of the archive (display only). */
  fileName: string;
  containerName: string | null;
  image: string | null;
  engine: Engine;
  compression: Compression;
  size: number;
  checkpointedAt: string | null;
  /** When the checkpoint came out of an OCI image (checkpointctl build, podman --create-image): where in it. */
  checkpointImage: CheckpointImageInfo | null;
  /** Problems met while opening (corrupt members etc.); the rest still works. */
  warnings: ProblemInfo[];
  /** Where an incremental checkpoint's parent pages are read: a file name, 'this archive' (its pre-checkpoint/), or null. */
  parent?: string | null;
}

/** The OCI image a checkpoint archive was read from: its manifest and its one layer, both digest-checked. */
export interface CheckpointImageInfo {
  /** An OCI image layout folder or an OCI layout tar (oci-archive). */
  layout: 'directory' | 'tar';
  /** The index entry's org.opencontainers.image.ref.name, if any. */
  refName: string | null;
  manifestDigest: string;
  layerDigest: string;
  layerMediaType: string;
  layerSize: number;
  /** The manifest's checkpoint annotations (org.criu.checkpoint.*, io.kubernetes.cri-o.annotations.checkpoint.*, ...). */
  annotations: Record<string, string>;
}

export interface ProblemInfo {
  /** The member or image the problem is about. */
  where: string;
  /** The process it is about, when it is about one. */
  pid?: number;
  code: ProblemCode;
  message: string;
}

/**
 * A list view: what could be read, and what could not. An empty `rows` with
 * no problems means "read, and empty", never "could not read".
 */
export interface View<T> {
  rows: T[];
  problems: ProblemInfo[];
}

export interface MemberInfo {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  size: number;
  mode: number;
  mtime: string | null;
}

export interface CriuStats {
  freezingTimeUs?: number;
  frozenTimeUs?: number;
  memdumpTimeUs?: number;
  memwriteTimeUs?: number;
  pagesScanned?: number;
  pagesWritten?: number;
  pagesSkippedParent?: number;
  [key: string]: number | undefined;
}

export interface Overview {
  containerName: string | null;
  containerId: string | null;
  image: string | null;
  imageRef: string | null;
  runtime: string | null;
  engine: Engine;
  createdAt: string | null;
  checkpointedAt: string | null;
  podName: string | null;
  podNamespace: string | null;
  annotations: Record<string, string>;
  /** Every IP of the container (without prefix), comma-separated as checkpointctl shows them. */
  ip: string | null;
  /** Every MAC, comma-separated. */
  mac: string | null;
  /** Podman's networks (network.status), sorted by name, each with its interfaces. */
  networks: NetworkInfo[];
  /** What was opened: a tar, an unpacked archive folder, or a bare CRIU images folder (no config.dump/spec.dump). */
  layout: ArchiveLayout;
  /** The engine's own members beside the CRIU images (logs, status, volumes, bind mounts...), by name. */
  layoutMembers: LayoutMember[];
  /** CRI-O's bind.mounts: the host files and folders mounted into the container, as CRI-O recorded them. */
  bindMounts: BindMountInfo[];
  archiveSize: number;
  checkpointSize: number;
  memoryPagesSize: number;
  rootfsDiffSize: number;
  criuVersion: string | null;
  processCount: number;
  statistics: CriuStats | null;
  security: SecuritySummary | null;
  warnings: ProblemInfo[];
}

export type ArchiveLayout = 'tar' | 'folder' | 'criu-folder';

/** What one engine member is for. */
export type LayoutMemberRole =
  | 'criu-log'
  | 'container-log'
  | 'container-status'
  | 'network-status'
  | 'bind-mounts'
  | 'devshm'
  | 'volume'
  | 'artifacts'
  | 'pre-checkpoint'
  | 'parent-images'
  | 'rootfs-diff'
  | 'deleted-files'
  | 'stats'
  | 'notes';

export interface LayoutMember {
  /** The member (a folder: its name without the trailing slash). */
  name: string;
  role: LayoutMemberRole;
  /** Who writes it: 'containerd', 'cri-o', 'podman', 'criu' or 'any'. */
  writer: 'containerd' | 'cri-o' | 'podman' | 'criu' | 'any';
  /** Bytes (a folder: of the files under it). */
  size: number;
  /** Files under a folder member (1 for a file). */
  files: number;
  /** A symlink's target (CRIU's parent link to the pre-dump images), else null. */
  linkTarget: string | null;
}

export interface BindMountInfo {
  source: string;
  destination: string;
  fileType: string;
  permissions: number | null;
}

export interface NetworkInterfaceInfo {
  name: string;
  /** With its prefix length, e.g. 10.88.0.9/16. */
  ip: string | null;
  mac: string | null;
  gateway: string | null;
}

export interface NetworkInfo {
  name: string;
  /** Sorted by name. */
  interfaces: NetworkInterfaceInfo[];
}

export interface SecuritySummary {
  privileged: boolean;
  addedCapabilities: string[];
  hostNamespaces: string[];
  hostMounts: string[];
  seccompProfile: string | null;
  apparmorProfile: string | null;
  readOnlyRoot: boolean;
  runAsRoot: boolean;
  noNewPrivileges: boolean;
}

export interface CriuImageInfo {
  name: string;
  /** The image type from its magic (e.g. PSTREE), 'RAW' for pages/tars, 'JSON' for descriptors.json, the magic in hex when not recognised. */
  type: string;
  size: number;
  entryCount: number | null;
}

/** Decoded entries in crit's JSON shape, paged. */
export interface DecodedImagePage {
  name: string;
  magic: string;
  entries: unknown[];
  offset: number;
  total: number;
  /** Set when the image is raw or unknown: its bytes are to be shown as hex instead. */
  raw: boolean;
  error: ProblemInfo | null;
}

export interface BytesPage {
  offset: number;
  /** base64 of the bytes read. */
  data: string;
  /** Total size of the thing being read. */
  total: number;
}

export type RootfsChange = 'added' | 'changed' | 'deleted';

export interface RootfsEntry {
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  change: RootfsChange;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtime: string | null;
  linkTarget: string | null;
}

export interface MountRow {
  source: 'spec' | 'criu';
  destination: string;
  type: string;
  sourcePath: string;
  options: string[];
}
