/** Where containerd's socket is: explicit, then CONTAINERD_ADDRESS, then the default. */
export const DEFAULT_SOCKET = '/run/containerd/containerd.sock';

export function resolveSocketPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const raw = explicit?.trim() || env.CONTAINERD_ADDRESS?.trim() || DEFAULT_SOCKET;
  // containerd accepts both a bare path and a unix:// URL.
  if (raw.startsWith('unix://')) return raw.slice('unix://'.length);
  if (raw.startsWith('unix:')) return raw.slice('unix:'.length);
  return raw;
}

export function grpcTarget(socketPath: string): string {
  return `unix://${socketPath}`;
}
