import type { ArchiveSummary } from '../../shared/dto';
import { JobManager } from '../jobs/job-manager';
import type { SettingsStore } from '../settings/settings-store';
import { createDispatch, type Dispatch } from './dispatch';
import { EventBus } from './event-bus';
import { createHandlers } from './handlers';
import type { HostServices } from './host';
import type { ArchivesPort, ContainerdPort } from './ports';

export interface AppCoreOptions {
  host: HostServices;
  settings: SettingsStore;
  allowCheckpoint: boolean;
  archives: ArchivesPort;
  containerd: (events: EventBus) => ContainerdPort;
}

/** Everything a host needs: one dispatch for invokes, one bus for events. */
export interface AppCore {
  dispatch: Dispatch;
  events: EventBus;
  jobs: JobManager;
  settings: SettingsStore;
  openPath(archivePath: string): Promise<ArchiveSummary>;
  dispose(): Promise<void>;
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const events = new EventBus();
  const jobs = new JobManager(events);
  const { settings } = options;
  const containerd = options.containerd(events);
  const { archives } = options;

  const openPath = async (archivePath: string): Promise<ArchiveSummary> => {
    const session = await archives.open(archivePath);
    const summary = session.summary();
    await settings.addRecent(archivePath, summary.containerName);
    return summary;
  };

  const handlers = createHandlers({
    host: options.host,
    archives,
    containerd,
    settings,
    jobs,
    events,
    allowCheckpoint: options.allowCheckpoint,
    openPath,
  });

  return {
    dispatch: createDispatch(handlers, { allowCheckpoint: options.allowCheckpoint }),
    events,
    jobs,
    settings,
    openPath,
    dispose: async () => {
      jobs.cancelAll();
      containerd.close();
      await archives.closeAll();
    },
  };
}
