import { AppError } from '../../../shared/errors';

/**
 * Why the WebSocket to the browser host could not open, from a plain HTTP
 * probe of the same origin: no answer at all (host not running, tunnel down),
 * or 401/403 (no token, wrong Host or Origin).
 */
export function refusedConnection(probe: { status: number } | 'no-answer', wasConnected = false): AppError {
  // This page was served and connected: the host that gave it its cookie stopped. A 401 now
  // comes from another host on the same port (another token), not from a page opened wrongly.
  if (wasConnected && (probe === 'no-answer' || probe.status === 401)) {
    return new AppError(
      'HOST_UNREACHABLE',
      probe === 'no-answer'
        ? 'the browser host that served this page stopped and is not running now: start it again and open the URL it prints'
        : 'the browser host that served this page stopped; another one now answers on this port: open the URL it printed',
    );
  }
  if (probe === 'no-answer') {
    return new AppError(
      'HOST_UNREACHABLE',
      'the browser host does not answer: it is not running, or the tunnel to it is down',
    );
  }
  if (probe.status === 401 || probe.status === 403) {
    return new AppError(
      'FORBIDDEN',
      `the browser host refused this page (HTTP ${probe.status}): open the URL it printed, with its token`,
    );
  }
  return new AppError('HOST_UNREACHABLE', `the browser host answered HTTP ${probe.status} but refused the WebSocket`);
}

/** A call in flight when an open connection dropped. */
export const connectionLost = () =>
  new AppError('CONNECTION_LOST', 'the connection to the browser host dropped before the answer came');

export async function probeHost(origin: string): Promise<{ status: number } | 'no-answer'> {
  try {
    const res = await fetch(`${origin}/`, { credentials: 'same-origin' });
    return { status: res.status };
  } catch {
    return 'no-answer';
  }
}
