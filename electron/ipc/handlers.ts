import type { CheckpointImagesApp } from '../app/checkpoint-images';
import type { ArchiveSummary } from '../../shared/dto';
import { APP_NAME, APP_VERSION } from '../app-meta';
import type { ArchivesApp } from '../app/archives';
import type { ForensicsApp } from '../app/forensics';
import type { CheckpointApp } from '../app/checkpoint';
import type { ConnectionApp } from '../app/connection';
import type { NoticeBoard } from '../app/checkpoint-recovery';
import { AppError } from '../../shared/errors';
import type { JobManager } from '../jobs/job-manager';
import type { SettingsStore } from '../settings/settings-store';
import type { EventBus } from '../app/event-bus';
import type { Handlers } from './dispatch';
import type { HostServices } from '../app/host';
import type { ArchivesPort, ContainerdPort } from '../app/ports';
import { archiveHandlers } from './archive-handlers';
import { forensicsHandlers } from './forensics-handlers';
import { coredumpHandlers } from './coredump-handlers';
import { yaraHandlers } from './yara-handlers';
import type { YaraApp } from '../app/yara';
import type { CoredumpApp } from '../app/coredump';
import { integrityHandlers } from './integrity-handlers';
import type { IntegrityApp } from '../app/integrity-jobs';

export interface CoreServices {
  host: HostServices;
  archives: ArchivesPort;
  containerd: ContainerdPort;
  settings: SettingsStore;
  jobs: JobManager;
  events: EventBus;
  allowCheckpoint: boolean;
  checkpoint: CheckpointApp;
  connection: ConnectionApp;
  archivesApp: ArchivesApp;
  checkpointImages: CheckpointImagesApp;
  forensics: ForensicsApp;
  integrity: IntegrityApp;
  coredump: CoredumpApp;
  yara: YaraApp;
  /** What was done at start about checkpoints a killed process left unfinished. */
  notices: NoticeBoard;
  /** Open an archive by path (main-side only) and remember it. */
  openPath(archivePath: string): Promise<ArchiveSummary>;
}

/** Binds every contract channel to the services; arguments arrive validated. */
export function createHandlers(core: CoreServices): Handlers {
  const { host, settings, jobs, containerd } = core;
  return {
    'app.info': async () => ({
      name: APP_NAME,
      version: APP_VERSION,
      host: host.kind,
      canCheckpoint: core.allowCheckpoint,
      nativeDialogs: host.showOpenDialog !== undefined,
      hasSample: host.samplePath !== null,
    }),
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => settings.update(patch),

    ...archiveHandlers(core),
    ...forensicsHandlers(core),
    ...integrityHandlers(core),
    ...coredumpHandlers(core),
    ...yaraHandlers(core),

    'containerd.status': async () => containerd.status(),
    'containerd.connect': async ({ socketPath }) => core.connection.connect(socketPath),
    'containerd.containers': async ({ namespaces }) => {
      const chosen = namespaces ?? settings.get().namespaces;
      return containerd.containers(chosen.length > 0 ? chosen : undefined);
    },

    'containerd.checkpointImages': async ({ namespaces }) => {
      const chosen = namespaces ?? settings.get().namespaces;
      return core.checkpointImages.list(chosen.length > 0 ? chosen : undefined);
    },

    'containerd.containerDetails': async ({ namespace, containerId }) => {
      if (!containerd.details) throw new AppError('UNSUPPORTED', 'this host cannot read container specs');
      return containerd.details(namespace, containerId);
    },
    'checkpoint.start': async (req) => core.checkpoint.start(req),
    'checkpoint.plan': async (req) => core.checkpoint.plan(req),
    'checkpoint.createFolder': async ({ folder }) => core.checkpoint.createFolder(folder),
    'containers.resume': async ({ namespace, containerId }) => {
      if (!containerd.resume) throw new AppError('UNSUPPORTED', 'this host cannot resume containers');
      return { resumed: (await containerd.resume(namespace, containerId)) === 'resumed' };
    },
    'checkpoint.notices': async () => core.notices.list(),

    'job.list': async () => jobs.list(),
    'job.cancel': async ({ jobId }) => {
      jobs.cancel(jobId);
      return null;
    },
  };
}
