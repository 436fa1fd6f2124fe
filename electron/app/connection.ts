// Which containerd socket a host connects to, by the one rule in defaults.ts.
import type { ConnectionStatus } from '../../shared/dto';
import { defaultUserDataDir, SettingsStore } from '../settings/settings-store';
import { chooseSocketPath } from './defaults';

export interface ConnectionAppDeps {
  containerd: { connect(socketPath: string): Promise<ConnectionStatus> };
  settings: SettingsStore;
  /** The host's flag for this run (`serve --address`), if any. */
  socketFlag?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

export interface ConnectionApp {
  /** The socket used when none is named. */
  socketPath(): string;
  /** A named socket (the connect card's field) wins and becomes the setting. */
  connect(socketPath?: string): Promise<ConnectionStatus>;
}

export function createConnectionApp(deps: ConnectionAppDeps): ConnectionApp {
  const env = deps.env ?? process.env;
  const socketPath = () => chooseSocketPath({ flag: deps.socketFlag, env, setting: deps.settings.get().socketPath });
  return {
    socketPath,
    connect: async (named) => {
      if (named === undefined || named.trim() === '') return deps.containerd.connect(socketPath());
      await deps.settings.update({ socketPath: named });
      return deps.containerd.connect(chooseSocketPath({ flag: named, env }));
    },
  };
}

/** The CLI's socket: --address, CONTAINERD_ADDRESS, the settings file the app hosts share, the default. */
export async function cliSocketPath(
  flag: string | undefined,
  userDataDir: string = defaultUserDataDir(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const settings = await SettingsStore.load(userDataDir);
  return chooseSocketPath({ flag, env, setting: settings.get().socketPath });
}
