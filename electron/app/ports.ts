import type {
  CheckpointImageList,
  CheckpointVia,
  ConnectionStatus,
  ContainerDetails,
  ContainerInfo,
} from '../../shared/dto';
import type { MadeFrom } from '../inspect/ports';
import type { CheckpointResult } from '../checkpoint';
import type { PathPlan, PlanRequest } from '../checkpoint/plan';
import type { JobContext } from '../jobs/job-manager';
import type { InspectSession } from '../inspect/session';

/** Bytes walked while opening (decompressing, indexing) or hashing an archive. */
export interface ArchiveProgress {
  phase: 'decompress' | 'index' | 'hash';
  bytesDone: number;
  bytesTotal: number | null;
}

export interface ArchiveOpenOptions {
  signal?: AbortSignal;
  onProgress?: (p: ArchiveProgress) => void;
  /** The parent of an incremental checkpoint (its PE_PARENT pages are read there). */
  parentPath?: string;
}

/** Open archives by id; the handlers' view of the archive registry. */
export interface ArchivesPort {
  open(path: string, options?: ArchiveOpenOptions): Promise<InspectSession>;
  /** Opens an archive `make` writes into the archive's cache folder (removed on close); see ArchiveRegistry.openMade. */
  openMade(
    make: (cacheDir: string) => Promise<{ path: string; madeFrom: MadeFrom }>,
    options?: Omit<ArchiveOpenOptions, 'parentPath'>,
  ): Promise<InspectSession>;
  get(archiveId: string): InspectSession;
  list(): InspectSession[];
  close(archiveId: string): Promise<void>;
  closeAll(): Promise<void>;
}

/** containerd as the handlers see it: connection, list, live changes. */
export interface ContainerdPort {
  status(): ConnectionStatus;
  connect(socketPath: string): Promise<ConnectionStatus>;
  containers(namespaces?: string[]): Promise<ContainerInfo[]>;
  /** The checkpoint images of containerd's image store (containerd's own and single-layer OCI ones). */
  checkpointImages?(namespaces?: string[]): Promise<CheckpointImageList>;
  /** Writes the archive of a checkpoint image at outputPath; which image it was, and what of it was not read. */
  writeCheckpointImage?(namespace: string, name: string, outputPath: string, signal?: AbortSignal): Promise<MadeFrom>;
  /** The container's OCI spec facts for the details drawer (NOT_FOUND when containerd has no such container). */
  details?(namespace: string, containerId: string): Promise<ContainerDetails>;
  checkpoint(
    req: {
      containerId: string;
      namespace: string;
      via: CheckpointVia;
      outputPath: string;
      leaveRunning: boolean;
      timeoutSeconds: number;
      tcpEstablished?: boolean;
    },
    ctx: JobContext,
  ): Promise<CheckpointResult>;
  /** Throws (SANDBOX_NOT_CHECKPOINTABLE, NOT_FOUND, ...) when the container can never be checkpointed. */
  assertCheckpointable?(namespace: string, containerId: string): Promise<void>;
  /** Whether containerd sees the folder and the path a checkpoint would take, or why it would be refused (never throws). */
  planCheckpoint?(req: PlanRequest): Promise<PathPlan>;
  /** Resumes a paused task; 'not-paused' when it was not paused (or is gone). */
  resume?(namespace: string, containerId: string): Promise<'resumed' | 'not-paused'>;
  close(): void;
}
