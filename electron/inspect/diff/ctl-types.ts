// checkpointctl's `diff` (cmd/diff.go): its input, the nodes of `inspect
// --format json` of each archive, and its output, with its JSON keys.
import type { ArchiveDiff, DiffProblem, JsonChange } from '../../../shared/dto/forensics';

/** A process of checkpointctl's inspect tree (internal/json.go PsNode). */
export interface CtlPsNode {
  pid: number;
  command: string;
  cmdline?: string;
  children?: CtlPsNode[];
}

/** What `diff` reads of one archive's inspect node. */
export interface CtlNode {
  id: string;
  container_name: string;
  image: string;
  created: string;
  checkpoint_size: { total_size?: number; memory_pages_size?: number };
  process_tree?: CtlPsNode;
  file_descriptors?: Array<{ pid: number; open_files?: Array<{ type: string; fd: string; path: string }> }>;
  sockets?: Array<{
    pid: number;
    open_sockets?: Array<{
      protocol?: string;
      /** The socket's fields diff compares (`data` of internal/json.go SkData). */
      data: Partial<
        Record<'type' | 'address' | 'state' | 'src' | 'dst', string> & Record<'src_port' | 'dst_port', number>
      >;
    }>;
  }>;
}

export interface CtlDiffFlags {
  psTreeCmd: boolean;
  psTreeEnv: boolean;
  files: boolean;
  sockets: boolean;
}

export interface CtlProcess {
  pid: number;
  command: string;
  cmdline?: string;
}

export interface CtlFile {
  path: string;
  type: string;
  pid: number;
  fd: string;
}

export interface CtlSocket {
  pid: number;
  protocol: string;
  type: string;
  address?: string;
  state?: string;
  source?: string;
  src_port?: number;
  dest?: string;
  dst_port?: number;
}

/** Lists left out when empty, as Go's `omitempty`. */
export interface CtlChanges<T> {
  added?: T[];
  removed?: T[];
  modified?: T[];
  unchanged?: T[];
}

/** checkpointctl's DiffResult, key for key; then ours, which it does not have. */
export interface CtlDiff {
  container_id: string;
  container_name: string;
  image: string;
  checkpoint_a: { created: string; total_size: number };
  checkpoint_b: { created: string; total_size: number };
  process_changes: CtlChanges<CtlProcess>;
  file_changes?: CtlChanges<CtlFile>;
  memory_changes: { size_change_bytes: number; size_change_mb: number };
  socket_changes?: CtlChanges<CtlSocket>;
  summary: string;
  /** Ours: the root file system diffs, spec.dump and config.dump compared. */
  rootfs_changes: ArchiveDiff['rootfs'];
  spec_changes: JsonChange[];
  config_changes: JsonChange[];
  /** Ours: what could not be read, and on which side. */
  problems: DiffProblem[];
}
