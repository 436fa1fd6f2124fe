import { chooseSocketPath } from '../app/defaults';
import { createAppCore, type AppCore } from './app-core';
import { createContainerdPort } from '../app/containerd-port';
import type { HostServices } from '../app/host';
import { createArchivesPort } from '../inspect/archive-registry';
import { SettingsStore } from '../settings/settings-store';
import type { HeavyRunnerOptions } from '../workers/heavy-runner';
import { journalDirs, ownJournalDir, recoverInterruptedCheckpoints } from '../app/checkpoint-recovery';
import type { CheckpointsInFlight } from '../app/checkpoint-shutdown';
import { configureCustody } from '../app/custody';

const logToStderr = (context: string, error: unknown) =>
  process.stderr.write(`checkpoint-inspector: ${context}: ${error instanceof Error ? error.message : String(error)}\n`);

export interface ComposeOptions {
  host: HostServices;
  userDataDir: string;
  allowCheckpoint: boolean;
  /** The socket flag for this run (`serve --address`): outranks CONTAINERD_ADDRESS and the setting. */
  socketPath?: string | undefined;
  /** Limits of the worker threads heavy work runs in (default: workers/limits.ts). */
  workers?: HeavyRunnerOptions;
  /** The process's checkpoints in flight, made before the core so that signals can stop them (checkpoint-shutdown.ts). */
  checkpoints?: CheckpointsInFlight;
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
  // The custody log goes where this host keeps its settings, marked with which host wrote it.
  configureCustody({ userDataDir: options.userDataDir, tool: options.host.kind });
  const socketPath = chooseSocketPath({ flag: options.socketPath, setting: settings.get().socketPath });
  const archives = await createArchivesPort();
  const core = await createAppCore({
    host: options.host,
    settings,
    allowCheckpoint: options.allowCheckpoint,
    archives,
    containerd: (events) => createContainerdPort(events, socketPath, ownJournalDir(options.userDataDir)),
    socketFlag: options.socketPath,
    ...(options.workers ? { workers: options.workers } : {}),
    ...(options.checkpoints ? { checkpoints: options.checkpoints } : {}),
  });
  // Checkpoints a killed process of ours left (paused container, lease, temp files): finished now, shown to the page.
  const recovered = recoverInterruptedCheckpoints({ dirs: journalDirs(options.userDataDir) }).then(
    (notices) => notices.forEach((n) => core.notices.post(n)),
    (error: unknown) => (options.host.logError ?? logToStderr)('checkpoint journal', error),
  );
  return {
    core,
    cacheRoot: archives.cacheRoot,
    dispose: async () => {
      await recovered;
      await core.dispose();
      await archives.removeCache();
    },
  };
}
