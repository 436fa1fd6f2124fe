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

/**
 * The image a checkpoint archive was read from, every blob digest-checked:
 * - format 'oci': one manifest whose one layer is the archive (checkpointctl
 *   build, podman container checkpoint --create-image);
 * - format 'containerd': containerd's own checkpoint image (ctr container
 *   checkpoint, the task API's Checkpoint): an index whose entries are the
 *   CRIU image tar, the spec and the rw layer, which we make into an archive
 *   of containerd's CRI layout to read.
 */
export interface CheckpointImageInfo {
  /** An OCI image layout folder, an OCI layout tar (oci-archive), or containerd's image store over its socket. */
  layout: 'directory' | 'tar' | 'containerd';
  format: 'oci' | 'containerd';
  /** The image's name: the store's name, else the layout index entry's org.opencontainers.image.ref.name, if any. */
  refName: string | null;
  /** The manifest's digest (oci), or the checkpoint index's (containerd). */
  manifestDigest: string;
  /** The layer (oci), or the CRIU image tar (containerd). */
  layerDigest: string;
  layerMediaType: string;
  layerSize: number;
  /** The manifest's checkpoint annotations (org.criu.checkpoint.*, ...), or the containerd index's (io.containerd.checkpoint.*, the image name). */
  annotations: Record<string, string>;
  /** containerd's namespace of the image (layout 'containerd'). */
  namespace?: string;
}

/** Where a checkpoint image was read, in words: "OCI layout tar", "containerd image store (default)", ... */
export function checkpointImageSource(image: Pick<CheckpointImageInfo, 'layout' | 'format' | 'namespace'>): string {
  const where =
    image.layout === 'containerd'
      ? `containerd image store${image.namespace ? `, namespace ${image.namespace}` : ''}`
      : image.layout === 'tar'
        ? 'OCI layout tar'
        : 'OCI layout folder';
  return image.format === 'containerd' ? `containerd checkpoint image, ${where}` : where;
}

/** A checkpoint image in containerd's image store, as the "Checkpoint images" list shows it. */
export interface CheckpointImageRow {
  namespace: string;
  name: string;
  format: 'oci' | 'containerd';
  /** The image's target (index or manifest) digest. */
  digest: string;
  createdAt: string | null;
  /** The image the checkpointed container ran (containerd: the index's ref.name; oci: the rootfs image annotation). */
  baseImage: string | null;
  /** containerd: the runtime named in the index (io.containerd.checkpoint.runtime). */
  runtime: string | null;
  /** Bytes of the blobs an open reads (CRIU images, spec, rw layer; or the one layer). */
  bytes: number;
  /** containerd: whether the image holds the rw layer (ctr c checkpoint --rw); null for oci. */
  hasRootfsDiff: boolean | null;
}

/** The checkpoint images of the store, and what could not be read (an image whose index is corrupt, a namespace that failed). */
export interface CheckpointImageList {
  images: CheckpointImageRow[];
  problems: ProblemInfo[];
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
