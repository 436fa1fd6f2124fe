import type { ProblemInfo } from './archive';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  comm: string;
  state: string;
  cmdline: string[];
  threads: number[];
  uid: number | null;
  gid: number | null;
}

export interface Credentials {
  uid: number[];
  gid: number[];
  groups: number[];
  capEffective: string[];
  capPermitted: string[];
  capInheritable: string[];
  capBounding: string[];
  capAmbient: string[];
  noNewPrivs: boolean;
  /** disabled, strict or filter (CRIU writes none for disabled). */
  seccompMode: string | null;
  /** AppArmor / SELinux label (creds lsm_profile). */
  lsmProfile: string | null;
}

export interface EnvVar {
  name: string;
  value: string;
}

export interface FileRow {
  pid: number;
  comm: string;
  fd: number;
  type: string;
  path: string;
  flags: string;
  position: number | null;
  /** The name checkpointctl (go-crit) prints for it: the path, pipe[N], unix[INO (PEER) NAME], INETSK.7... */
  critPath?: string;
}

export interface SocketRow {
  pid: number;
  comm: string;
  fd: number;
  family: string;
  protocol: string;
  type: string;
  state: string;
  localAddress: string;
  localPort: number | null;
  remoteAddress: string;
  remotePort: number | null;
  sendQueue: number | null;
  recvQueue: number | null;
  /** UNIX socket path when there is one. */
  path: string | null;
}

export interface Vma {
  start: number;
  end: number;
  prot: string;
  flags: string;
  offset: number;
  file: string | null;
  /** Bytes of this VMA present in the dump. */
  dumped: number;
}

export interface MemoryUsageRow {
  pid: number;
  comm: string;
  vmaCount: number;
  virtualSize: number;
  /** Bytes in pages files for this process. */
  dumpedSize: number;
}

export interface ProcessDetail extends ProcessInfo {
  environment: EnvVar[];
  credentials: Credentials | null;
  cwd: string | null;
  root: string | null;
  files: FileRow[];
  sockets: SocketRow[];
  vmas: Vma[];
  /** Each part of this process that could not be read (core, files, sockets, vmas, environment, fs). */
  problems: ProblemInfo[];
}

/** A range of memory saved (or checked for saving) whole: every byte is from the checkpoint's pages. */
export interface SavedMemoryRange {
  /** false: the save dialog was cancelled (nothing written). */
  saved: boolean;
  start: number;
  end: number;
  bytes: number;
  /** sha256 of the bytes written; null when nothing was written. */
  sha256: string | null;
}

export interface MemoryRange {
  address: number;
  /** base64 of the bytes; absent pages read as zero. */
  data: string;
  /** One flag per 4 KiB page in the range: true when the page is in the dump. */
  present: boolean[];
}
