import { chooseSocketPath } from '../app/defaults';
import { createAppCore, type AppCore } from './app-core';
import { createContainerdPort } from '../app/containerd-port';
import type { HostServices } from '../app/host';
import { createArchivesPort } from '../inspect/archive-registry';
import { SettingsStore } from '../settings/settings-store';
import type { HeavyRunnerOptions } from '../workers/heavy-runner';

export interface ComposeOptions {
  host: HostServices;
  userDataDir: string;
  allowCheckpoint: boolean;
  /** The socket flag for this run (`serve --address`): outranks CONTAINERD_ADDRESS and the setting. */
  socketPath?: string | undefined;
  /** Limits of the worker threads heavy work runs in (default: workers/limits.ts). */
  workers?: HeavyRunnerOptions;
}

export interface ComposedCore {
  core: AppCore;
  /** This process's private cache (mode 0700), removed by dispose. */
  cacheRoot: string;
  dispose(): Promise<void>;
}

/** The real services behind the contract, for the Electron main process and the browser host alike. */
export async function composeCore(options: ComposeOptions): Promise<ComposedCore> {
  const settings = await SettingsStore.load(options.userDataDir);
  const socketPath = chooseSocketPath({ flag: options.socketPath, setting: settings.get().socketPath });
  const archives = await createArchivesPort();
  const core = await createAppCore({
    host: options.host,
    settings,
    allowCheckpoint: options.allowCheckpoint,
    archives,
    containerd: (events) => createContainerdPort(events, socketPath),
    socketFlag: options.socketPath,
    ...(options.workers ? { workers: options.workers } : {}),
  });
  return {
    core,
    cacheRoot: archives.cacheRoot,
    dispose: async () => {
      await core.dispose();
      await archives.removeCache();
    },
  };
}
