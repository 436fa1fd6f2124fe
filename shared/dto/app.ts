export type HostKind = 'electron' | 'browser';

export interface AppInfo {
  name: string;
  version: string;
  host: HostKind;
  /** Checkpoint channels are served (always in Electron; `--allow-checkpoint` in the browser host). */
  canCheckpoint: boolean;
  /** The host can show native open/save dialogs (Electron) rather than upload/download (browser). */
  nativeDialogs: boolean;
  hasSample: boolean;
}

export interface Settings {
  /** containerd socket path. */
  socketPath: string;
  /** containerd namespaces shown; empty means all. */
  namespaces: string[];
  /** Folder where new checkpoints are written. */
  outputFolder: string;
  /** Mask environment values until revealed. */
  maskSecrets: boolean;
  theme: 'system' | 'light' | 'dark';
}

/** A previously opened archive. `key` is opaque: the renderer never sends a path. */
export interface RecentArchive {
  key: string;
  /** Shown to the user only. */
  displayPath: string;
  containerName: string | null;
  openedAt: string;
}
