import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { ArchiveSummary } from '../../shared/dto';
import { APP_NAME, APP_VERSION } from '../app-meta';
import type { JobManager } from '../jobs/job-manager';
import type { SettingsStore } from '../settings/settings-store';
import type { EventBus } from './event-bus';
import type { Handlers } from './dispatch';
import type { HostServices } from './host';
import type { ArchivesPort, ContainerdPort } from './ports';
import { archiveHandlers } from './archive-handlers';
import { forensicsHandlers } from './forensics-handlers';

export interface CoreServices {
  host: HostServices;
  archives: ArchivesPort;
  containerd: ContainerdPort;
  settings: SettingsStore;
  jobs: JobManager;
  events: EventBus;
  allowCheckpoint: boolean;
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

    'containerd.status': async () => containerd.status(),
    'containerd.connect': async ({ socketPath }) => {
      const target = socketPath ?? settings.get().socketPath;
      if (socketPath) await settings.update({ socketPath });
      return containerd.connect(target);
    },
    'containerd.containers': async ({ namespaces }) => {
      const chosen = namespaces ?? settings.get().namespaces;
      return containerd.containers(chosen.length > 0 ? chosen : undefined);
    },

    'checkpoint.start': async (req) => {
      const folder = settings.get().outputFolder;
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const named = req.fileName ?? `checkpoint-${req.containerId.slice(0, 12)}-${stamp}`;
      // Archives only, and never over an existing file: the name comes from the renderer.
      const fileName = /\.tar$/.test(named) ? named : `${named}.tar`;
      const outputPath = path.join(folder, fileName);
      if (
        await lstat(outputPath).then(
          () => true,
          () => false,
        )
      ) {
        throw new AppError('INVALID_ARGUMENT', `${fileName} already exists in ${folder}; choose another name`);
      }
      const { jobId, done } = jobs.start('checkpoint', `Checkpoint ${req.containerId.slice(0, 12)}`, (ctx) =>
        containerd.checkpoint({ ...req, outputPath }, ctx),
      );
      // On success, open the result in the inspector and tell the renderer.
      done.then(
        async (result) => {
          const summary = await core.openPath(result.outputPath);
          core.events.emit('archive.opened', summary);
        },
        () => undefined,
      );
      return { jobId, outputPath };
    },

    'job.list': async () => jobs.list(),
    'job.cancel': async ({ jobId }) => {
      jobs.cancel(jobId);
      return null;
    },
  };
}
