/** containerd's socket when nothing else names one. Which source wins is electron/app/defaults.ts's rule. */
export const DEFAULT_SOCKET = '/run/containerd/containerd.sock';

/** A socket path as given (a bare path or a unix:// URL, as containerd accepts); empty means the default. */
export function normalizeSocketPath(raw?: string): string {
  const given = raw?.trim() || DEFAULT_SOCKET;
  if (given.startsWith('unix://')) return given.slice('unix://'.length);
  if (given.startsWith('unix:')) return given.slice('unix:'.length);
  return given;
}

export function grpcTarget(socketPath: string): string {
  return `unix://${socketPath}`;
}
