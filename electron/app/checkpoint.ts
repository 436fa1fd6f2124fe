// Checkpointing as every host does it: where the archive goes (checkpoint-output),
// refusing a taken name before any work (the commit refuses it again, atomically),
// the default timeout, and for the app hosts a job that opens its result.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ArchiveSummary, CheckpointPlan, CheckpointVia } from '../../shared/dto';
import { AppError, toErrorInfo, type ErrorInfo } from '../../shared/errors';
import { assertNameFree, type CheckpointRequest, type CheckpointResult } from '../checkpoint';
import type { JobContext, JobManager } from '../jobs/job-manager';
import type { PathPlan, PlanRequest } from '../checkpoint/plan';
import { checkFolder, createFolder } from './checkpoint-folder';
import { checkpointOutputPath, cliOutputChoice } from './checkpoint-output';
import { CHECKPOINT_TIMEOUT_SECONDS } from './defaults';
import type { CheckpointsInFlight } from './checkpoint-shutdown';

export interface CheckpointTarget {
  containerId: string;
  namespace: string;
  via: CheckpointVia;
  leaveRunning: boolean;
  timeoutSeconds?: number | undefined;
  /** Dump established TCP connections (native path only). */
  tcpEstablished?: boolean | undefined;
}

export type Checkpointer = (req: CheckpointRequest, ctx: JobContext) => Promise<CheckpointResult>;

/** The full request, or CONFLICT/NOT_FOUND/INVALID_ARGUMENT before anything is dumped. */
export async function prepareCheckpoint(
  target: CheckpointTarget,
  output: { folder: string; fileName?: string | undefined },
  now: Date = new Date(),
): Promise<CheckpointRequest> {
  const outputPath = checkpointOutputPath({ ...output, containerId: target.containerId, now });
  const folder = path.dirname(outputPath);
  const dir = await stat(folder).catch(() => null);
  if (!dir?.isDirectory()) throw new AppError('NOT_FOUND', `no folder ${folder} for the archive`);
  await assertNameFree(outputPath);
  return {
    containerId: target.containerId,
    namespace: target.namespace,
    via: target.via,
    leaveRunning: target.leaveRunning,
    timeoutSeconds: target.timeoutSeconds ?? CHECKPOINT_TIMEOUT_SECONDS,
    outputPath,
    ...(target.tcpEstablished ? { tcpEstablished: true } : {}),
  };
}

/** The CLI: --output names a file or a folder (see cliOutputChoice); the caller shows progress. */
export async function checkpointToCliOutput(
  checkpoint: Checkpointer,
  target: CheckpointTarget,
  output: string | undefined,
  ctx: JobContext,
  cwd: string = process.cwd(),
): Promise<CheckpointResult> {
  const isDirectory = output
    ? await stat(path.resolve(cwd, output)).then(
        (s) => s.isDirectory(),
        () => false,
      )
    : false;
  const req = await prepareCheckpoint(target, cliOutputChoice(output, { cwd, isDirectory }));
  return checkpoint(req, ctx);
}

export interface CheckpointAppDeps {
  jobs: JobManager;
  events: { emit(event: 'archive.opened', summary: ArchiveSummary): void };
  checkpoint: Checkpointer;
  /** Refuses a container that can never be checkpointed (a pod's sandbox) before a job starts. */
  assertCheckpointable?(target: CheckpointTarget): Promise<void>;
  /** containerd's side of a plan: whether it sees the folder, which path, or why not (ContainerdPort.planCheckpoint). */
  planPath?(req: PlanRequest): Promise<PathPlan>;
  /** The settings' output folder, read at each start. */
  outputFolder(): string;
  openPath(archivePath: string): Promise<ArchiveSummary>;
  /** The host's log (Electron: main.log); default: one line on stderr. */
  logError?: ((context: string, error: unknown) => void) | undefined;
  /** Where every exit path finds the checkpoints to stop and wait for (checkpoint-shutdown.ts). */
  inFlight?: CheckpointsInFlight;
}

const logToStderr = (context: string, error: unknown) =>
  process.stderr.write(`checkpoint-inspector: ${context}: ${error instanceof Error ? error.message : String(error)}\n`);

export interface CheckpointApp {
  /** Starts the job; CONFLICT at once when the name is taken, SANDBOX_NOT_CHECKPOINTABLE for a pod's sandbox. */
  start(req: CheckpointTarget & { fileName?: string | undefined }): Promise<{ jobId: string; outputPath: string }>;
  /** What a start into `folder` would meet, asked before it (the dialog); nothing is changed. */
  plan(req: Omit<PlanRequest, 'folder'> & { folder: string }): Promise<CheckpointPlan>;
  /** Makes a missing output folder (0700, with its missing parents). */
  createFolder(folder: string): Promise<{ folder: string; created: boolean }>;
}

const NOT_ASKED: PathPlan = { containerdSees: null, path: null, pathError: null };

/** For the app hosts (Electron, browser): a job that writes the archive, then opens it in the inspector. */
export function createCheckpointApp(deps: CheckpointAppDeps): CheckpointApp {
  return {
    start: async (req) => {
      // The local checks first (no containerd needed to say a name is taken), then containerd's: a sandbox is refused.
      const prepared = await prepareCheckpoint(req, { folder: deps.outputFolder(), fileName: req.fileName });
      await deps.assertCheckpointable?.(req);
      const { jobId } = deps.jobs.start('checkpoint', `Checkpoint ${req.containerId.slice(0, 12)}`, async (ctx) => {
        const stop = new AbortController();
        const run = deps.checkpoint(prepared, { ...ctx, signal: AbortSignal.any([ctx.signal, stop.signal]) });
        const written = await (deps.inFlight ? deps.inFlight.track(() => stop.abort(), run) : run);
        return { ...written, ...(await openResult(deps, written.outputPath)) };
      });
      return { jobId, outputPath: prepared.outputPath };
    },
    plan: async (req) => {
      const folder = await checkFolder(req.folder);
      // containerd is asked about a folder only once it is there to be seen.
      const side =
        folder.folderState === 'ready' && deps.planPath
          ? await deps.planPath({ ...req, folder: folder.folder })
          : NOT_ASKED;
      return { ...folder, ...side };
    },
    createFolder,
  };
}

/**
 * A written archive that cannot be opened (16 archives open, corrupt, disk
 * full) is still a successful checkpoint: the job's result says so, with the
 * error, and nothing is left to reject unhandled.
 */
async function openResult(
  deps: CheckpointAppDeps,
  outputPath: string,
): Promise<{ archiveId: string | null; openError: ErrorInfo | null }> {
  let summary: ArchiveSummary;
  try {
    summary = await deps.openPath(outputPath);
  } catch (error) {
    (deps.logError ?? logToStderr)(`open checkpoint ${path.basename(outputPath)}`, error);
    const info = toErrorInfo(error);
    return {
      archiveId: null,
      openError: {
        ...info,
        message: `the archive was written at ${outputPath} but could not be opened: ${info.message}`,
      },
    };
  }
  deps.events.emit('archive.opened', summary);
  return { archiveId: summary.archiveId, openError: null };
}
