import { AppError } from '../../shared/errors';
import type { HostKind } from '../../shared/dto';

/** What differs between the hosts; everything else is shared. */
export interface HostServices {
  kind: HostKind;
  /** Native dialogs (Electron only). */
  /** A file by default; `folder`: an unpacked checkpoint or a bare CRIU images folder. */
  showOpenDialog?(what?: 'file' | 'folder'): Promise<string | null>;
  showSaveDialog?(defaultName: string): Promise<string | null>;
  /** The bundled sample archive, when shipped. */
  samplePath: string | null;
  /** Where the host logs an operation that failed with no caller left to tell (default: stderr). */
  logError?: (context: string, error: unknown) => void;
}

export function requireSample(host: HostServices): string {
  if (!host.samplePath) throw new AppError('NOT_FOUND', 'no sample checkpoint is bundled with this build');
  return host.samplePath;
}
