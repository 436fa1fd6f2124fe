import { hostname } from 'node:os';
import { ownerLabel } from './journal-owner';
import type { JobProgress, TaskAfterCheckpoint } from '../../shared/dto';
import type { ArchiveNote } from './archive-notes';

/** What a checkpoint needs of the job running it (a JobContext is one): cancel, and a place for progress. */
export interface CheckpointContext {
  readonly signal: AbortSignal;
  progress(
    update: Omit<JobProgress, 'jobId' | 'fraction' | 'bytesDone' | 'bytesTotal' | 'message'> & Partial<JobProgress>,
  ): void;
}

export interface CheckpointRequest {
  containerId: string;
  namespace: string;
  via: 'auto' | 'cri' | 'native';
  /** Absolute path of the archive to write (an uncompressed tar). */
  outputPath: string;
  leaveRunning: boolean;
  timeoutSeconds: number;
  /** CRIU's tcp-established (runc's open_tcp): dump established TCP connections with their queues; native path only. */
  tcpEstablished?: boolean;
  /**
   * Native path: CRIU's work folder (dump.log, stats-dump), a path containerd
   * sees the same as we do. Default: a temporary folder beside the output.
   * null: let the runtime choose (those two files are then not in the archive).
   */
  criuWorkDir?: string | null;
  /**
   * How long cleanup waits for containerd to come back to resume the task and
   * release the lease (default: until it comes back; the journal covers our death).
   */
  recoveryGraceMs?: number;
  /** How long after the checkpoint the task is asked again whether it still runs (default AFTER_CHECK_SETTLE_MS). */
  afterSettleMs?: number;
  /** Where the checkpoint records what it holds, so a later start can undo it if we die (journal.ts). */
  journal?: CheckpointJournal;
}

/** A change to what a checkpoint holds: noted before a pause or a temp file, after a resume or a release. */
export interface JournalNote {
  leaseId?: string | null;
  paused?: boolean;
  addTemp?: string;
  dropTemp?: string;
}

export interface CheckpointJournal {
  /** Extra labels for our lease, so a leftover lease can be matched to its journal entry. */
  readonly leaseLabels: Record<string, string>;
  note(patch: JournalNote): Promise<void>;
}

export interface CheckpointResult {
  outputPath: string;
  via: 'cri' | 'native';
  bytes: number;
  /** The path in full: CRI, native with CRIU's images in a folder shared with containerd, or streamed through its content store. */
  how: CheckpointHow;
  /** Why this path (choose-path.ts). */
  reason: string;
  /** What the archive lacks and why (also in its checkpoint-inspector.json). */
  notes: ArchiveNote[];
  /** The container's state afterwards, against the state asked for (after-check.ts); ok false is an alarm. */
  after: TaskAfterCheckpoint;
}

export type CheckpointHow = 'cri' | 'native-shared' | 'native-streamed';

export type Progress = CheckpointContext['progress'];

/** A lease that containerd collects by itself if we die before deleting it. */
export function leaseExpiry(now = Date.now(), ttlMs = 60 * 60 * 1000): string {
  return new Date(now + ttlMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const LEASE_LABEL = {
  pid: 'checkpoint-inspector/pid',
  container: 'checkpoint-inspector/container',
  /** boot id / pid / start time of the process holding the lease (journal-owner.ts). */
  owner: 'checkpoint-inspector/owner',
  /** os.hostname() of that process: leftovers of another machine sharing the socket are never swept. */
  host: 'checkpoint-inspector/host',
  /** The journal entry of the checkpoint, when it has one. */
  journal: 'checkpoint-inspector/journal',
} as const;

/** Our checkpoint lease's labels: its expiry, and who made it for which container (so a leftover can be told from others'). */
export function leaseLabels(
  containerId: string,
  now = Date.now(),
  journal?: CheckpointJournal,
): Record<string, string> {
  return {
    'containerd.io/gc.expire': leaseExpiry(now),
    [LEASE_LABEL.pid]: String(process.pid),
    [LEASE_LABEL.owner]: ownerLabel(),
    [LEASE_LABEL.host]: hostname(),
    [LEASE_LABEL.container]: containerId,
    ...journal?.leaseLabels,
  };
}
