// Every default that used to differ by host, once. The numbers the contract's
// zod schemas fill in live in shared/defaults.ts (shared/ cannot import
// electron/); hosts take all of them from here.
import { DEFAULT_SOCKET, normalizeSocketPath } from '../containerd/address';

export { CHECKPOINT_TIMEOUT_SECONDS } from '../../shared/defaults';
/** `memparse --search` context bytes each side unless --context says: checkpointctl's default (the GUI's is SEARCH_CONTEXT_BYTES). */
export const MEMPARSE_CONTEXT_BYTES = 0;
export { DEFAULT_SOCKET };

export interface SocketSources {
  /** Named for this run: the CLI's --address, the connect card's field, `serve --address`. */
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** The `socketPath` setting. */
  setting?: string | undefined;
}

/**
 * Which containerd socket to use, for every host: an explicit flag, then
 * CONTAINERD_ADDRESS (how containerd's own tools are pointed elsewhere, so a
 * shell that set it means it), then the setting, then containerd's default.
 */
export function chooseSocketPath({ flag, env = process.env, setting }: SocketSources): string {
  const chosen = [flag, env.CONTAINERD_ADDRESS, setting].find((s) => s !== undefined && s.trim() !== '');
  return normalizeSocketPath(chosen ?? DEFAULT_SOCKET);
}
