// Checkpoint images in containerd's image store: listed beside the
// containers, and opened as a job like any archive. The archive is made in
// the new archive's own cache folder, so it goes when that archive closes.
import { join } from 'node:path';
import type { ArchiveSummary, CheckpointImageList } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import type { JobManager } from '../jobs/job-manager';
import { openedSummary, throttledProgress } from './archives';
import type { ArchivesPort, ContainerdPort } from './ports';

export interface CheckpointImagesApp {
  list(namespaces?: string[]): Promise<CheckpointImageList>;
  open(namespace: string, name: string): Promise<ArchiveSummary>;
}

/** The made archive's file name (the tab's title): the image's name with only safe characters. */
export function imageArchiveName(name: string): string {
  const safe = name
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 120);
  return `${safe || 'checkpoint-image'}.tar`;
}

function unsupported(): AppError {
  return new AppError('UNSUPPORTED', "this host cannot read containerd's image store");
}

export function createCheckpointImagesApp(deps: {
  jobs: JobManager;
  archives: ArchivesPort;
  containerd: ContainerdPort;
}): CheckpointImagesApp {
  const { jobs, archives, containerd } = deps;
  return {
    list: async (namespaces) => {
      if (!containerd.checkpointImages) throw unsupported();
      return containerd.checkpointImages(namespaces);
    },
    open: async (namespace, name) => {
      const write = containerd.writeCheckpointImage?.bind(containerd);
      if (!write) throw unsupported();
      const { archive } = await jobs.run('open', `Open checkpoint image ${name}`, async (ctx) => {
        ctx.progress({ phase: 'reading', message: `reading ${name} from containerd's image store` });
        const session = await archives.openMade(
          async (cacheDir) => {
            const path = join(cacheDir, imageArchiveName(name));
            return { path, madeFrom: await write(namespace, name, path, ctx.signal) };
          },
          { signal: ctx.signal, onProgress: throttledProgress(ctx, 'opening') },
        );
        return { archive: await openedSummary(session) };
      });
      return archive;
    },
  };
}
