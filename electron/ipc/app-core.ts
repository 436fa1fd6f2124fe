import { createCoredumpApp, type CoredumpApp } from '../app/coredump';
import type { ArchiveSummary } from '../../shared/dto';
import { createArchivesApp, type OpenOptions } from '../app/archives';
import { createCheckpointImagesApp } from '../app/checkpoint-images';
import { createCheckpointApp } from '../app/checkpoint';
import { createForensicsApp } from '../app/forensics';
import { createYaraApp } from '../app/yara';
import { createIntegrityApp } from '../app/integrity-jobs';
import { createConnectionApp } from '../app/connection';
import { JobManager } from '../jobs/job-manager';
import { createHeavyRunner, type HeavyRunner, type HeavyRunnerOptions } from '../workers/heavy-runner';
import type { SettingsStore } from '../settings/settings-store';
import { createDispatch, type Dispatch } from './dispatch';
import { EventBus } from '../app/event-bus';
import { createHandlers } from './handlers';
import type { HostServices } from '../app/host';
import type { ArchivesPort, ContainerdPort } from '../app/ports';
import { observeCloses, type ArchiveClosedListener } from '../app/archive-closes';
import { CheckpointsInFlight } from '../app/checkpoint-shutdown';
import { createNoticeBoard, type NoticeBoard } from '../app/checkpoint-recovery';

export interface AppCoreOptions {
  host: HostServices;
  settings: SettingsStore;
  allowCheckpoint: boolean;
  archives: ArchivesPort;
  containerd: (events: EventBus) => ContainerdPort;
  /** The host's socket flag for this run (`serve --address`); outranks env and settings. */
  socketFlag?: string | undefined;
  /** Limits (and, in tests, the entry) of the worker threads heavy work runs in. */
  workers?: HeavyRunnerOptions;
  /** The process's checkpoints in flight, when the host made the registry before the core (to stop on signals). */
  checkpoints?: CheckpointsInFlight;
}

/** Everything a host needs: one dispatch for invokes, one bus for events. */
export interface AppCore {
  dispatch: Dispatch;
  events: EventBus;
  jobs: JobManager;
  /** Core files of processes: the browser host streams them to a download. */
  coredump: CoredumpApp;
  /** The worker threads search, strings, findings, report and diff run in. */
  heavy: HeavyRunner;
  settings: SettingsStore;
  /** Checkpoints running now: dispose (and every exit path) waits until each has undone what it did. */
  checkpoints: CheckpointsInFlight;
  /** What was done about checkpoints a killed process left unfinished, shown by the GUI. */
  notices: NoticeBoard;
  openPath(archivePath: string, options?: OpenOptions): Promise<ArchiveSummary>;
  /** After an archive closes (archive.close or dispose); returns the unsubscribe function. */
  onArchiveClosed(listener: ArchiveClosedListener): () => void;
  dispose(): Promise<void>;
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const events = new EventBus();
  const jobs = new JobManager(events);
  const { settings } = options;
  const containerd = options.containerd(events);
  const { archives, onArchiveClosed } = observeCloses(options.archives);
  const heavy = createHeavyRunner(options.workers);
  // An idle worker keeps its archive's file open: it goes when the archive closes.
  onArchiveClosed((archiveId) => heavy.forget(archiveId));

  const archivesApp = createArchivesApp({ jobs, archives, settings });
  // Every open (dialog, drop, recent, command line, a checkpoint's result) is a job with progress and cancel.
  const openPath = (archivePath: string, openOptions?: OpenOptions): Promise<ArchiveSummary> =>
    archivesApp.open(archivePath, openOptions);

  const checkpoints = options.checkpoints ?? new CheckpointsInFlight();
  const notices = createNoticeBoard((notice) => events.emit('checkpoint.notice', notice));
  const checkpoint = createCheckpointApp({
    jobs,
    events,
    inFlight: checkpoints,
    checkpoint: (req, ctx) => containerd.checkpoint(req, ctx),
    assertCheckpointable: async (t) => containerd.assertCheckpointable?.(t.namespace, t.containerId),
    planPath: async (req) =>
      containerd.planCheckpoint
        ? containerd.planCheckpoint(req)
        : {
            containerdSees: null,
            path: null,
            pathError: { code: 'UNSUPPORTED', message: 'this host cannot ask containerd how it would checkpoint' },
          },
    outputFolder: () => settings.get().outputFolder,
    openPath,
    logError: options.host.logError,
  });
  const coredump = createCoredumpApp({ jobs, archives, host: options.host });
  const connection = createConnectionApp({ containerd, settings, socketFlag: options.socketFlag });

  const handlers = createHandlers({
    host: options.host,
    archives,
    containerd,
    settings,
    jobs,
    events,
    allowCheckpoint: options.allowCheckpoint,
    checkpoint,
    connection,
    notices,
    archivesApp,
    checkpointImages: createCheckpointImagesApp({ jobs, archives, containerd }),
    forensics: createForensicsApp({ jobs, archives, events, heavy }),
    yara: createYaraApp({ jobs, archives, heavy }),
    integrity: createIntegrityApp({ jobs, archives, heavy }),
    coredump,
    openPath,
  });

  return {
    dispatch: createDispatch(handlers, { allowCheckpoint: options.allowCheckpoint }),
    events,
    jobs,
    coredump,
    heavy,
    settings,
    checkpoints,
    notices,
    openPath,
    onArchiveClosed,
    dispose: async () => {
      jobs.cancelAll();
      // A cancelled checkpoint still resumes its container and releases its lease: it needs containerd open.
      await checkpoints.settled();
      await heavy.close();
      containerd.close();
      await archives.closeAll();
    },
  };
}
