// The browser host's own limits, in one place: what one upload and one
// WebSocket client may cost the host. Every refusal names the limit it hit.
import { AppError } from '../../shared/errors';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export interface HostLimits {
  /**
   * Largest upload. An upload is a second copy of the archive in our cache;
   * an archive bigger than this is opened by path (`serve ARCHIVE`), which
   * copies nothing.
   */
  maxUploadBytes: number;
  /** Free space the upload folder's filesystem keeps after an upload (decompressed copies and the rest of the system need it too). */
  uploadFreeReserveBytes: number;
  /** One upload, first byte to last. */
  uploadTimeMs: number;
  /** Longest pause between two chunks of one upload. */
  uploadIdleMs: number;
  /** After a refusal, how long a client that is still sending keeps its connection (to read the answer). */
  refusalLingerMs: number;
  /** Unsent bytes of one WebSocket client above which its requests wait and its socket is not read. */
  wsPauseBytes: number;
  /** Unsent bytes of one client beyond which it is closed (1008): it is not reading what it asked for. */
  wsMaxQueuedBytes: number;
  /** Requests of one client being answered at once; the rest wait in order. */
  wsMaxInFlight: number;
  /** Requests of one client received and waiting, above which its socket is not read. */
  wsMaxPending: number;
  /** After the close frame, how long a client that reads nothing keeps its connection. */
  wsCloseGraceMs: number;
}

export const DEFAULT_HOST_LIMITS: HostLimits = Object.freeze({
  maxUploadBytes: 8 * GiB,
  uploadFreeReserveBytes: 1 * GiB,
  uploadTimeMs: 30 * 60_000,
  uploadIdleMs: 30_000,
  refusalLingerMs: 2_000,
  wsPauseBytes: 8 * MiB,
  wsMaxQueuedBytes: 64 * MiB,
  wsMaxInFlight: 8,
  wsMaxPending: 64,
  wsCloseGraceMs: 2_000,
});

export function resolveHostLimits(partial: Partial<HostLimits> | undefined): HostLimits {
  const limits: HostLimits = { ...DEFAULT_HOST_LIMITS, ...(partial ?? {}) };
  for (const [key, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new AppError('INVALID_ARGUMENT', `browser host limit ${key} must be a non-negative number`);
    }
  }
  if (limits.wsMaxInFlight < 1) throw new AppError('INVALID_ARGUMENT', 'browser host limit wsMaxInFlight must be >= 1');
  return limits;
}
