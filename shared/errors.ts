/** Stable error codes that cross the contract; the UI maps each to advice. */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN',
  'UNSUPPORTED',
  'NOT_FOUND',
  'CANCELLED',
  'TIMEOUT',
  'INTERNAL',
  'CONTAINERD_UNREACHABLE',
  'NOT_CONTAINERD',
  'CONTAINERD_TOO_OLD',
  'PERMISSION_DENIED',
  'CRIU_MISSING',
  'CRIU_TOO_OLD',
  'NOT_RUNNING',
  'CHECKPOINT_FAILED',
  'DISK_FULL',
  'ARCHIVE_CORRUPT',
  'ARCHIVE_UNSUPPORTED',
  'LIMIT_EXCEEDED',
  'IMAGE_CORRUPT',
  /** The name is taken (an existing output file, a second checkpoint to one name). */
  'CONFLICT',
  /** The archive, job or client was closed while the call ran. */
  'CLOSED',
  /** The browser host does not answer (not running, or the tunnel is down). */
  'HOST_UNREACHABLE',
  /** The connection to the host dropped while a call was in flight. */
  'CONNECTION_LOST',
  /** The id names a pod's sandbox (pause container), which is never checkpointed. */
  'SANDBOX_NOT_CHECKPOINTABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Codes a problem (a value beside the data, never thrown) can carry: every
 * error code, plus the tar-level findings of the archive indexer.
 */
export const PROBLEM_CODES = [
  ...ERROR_CODES,
  'TRUNCATED',
  'BAD_CHECKSUM',
  'BAD_HEADER',
  'BAD_PAX',
  'UNSAFE_NAME',
  'NAME_TOO_LONG',
  'DUPLICATE_NAME',
  'DANGLING_HARDLINK',
  'NO_END_MARKER',
  'UNSUPPORTED_MEMBER',
  'TOO_MANY_PROBLEMS',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** The serialisable shape of an error on the wire. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** Thrown by services and re-thrown on the renderer side with the same code. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toInfo(): ErrorInfo {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** What the user can do about an error, shown next to its message. */
export const ERROR_ADVICE: Partial<Record<ErrorCode, string>> = {
  CONTAINERD_UNREACHABLE:
    'Check that containerd is running and that the socket path is right (default /run/containerd/containerd.sock).',
  PERMISSION_DENIED: "Run as root or join the socket's group to reach containerd.",
  NOT_CONTAINERD: 'The socket answered, but not as containerd. Check the socket path.',
  CONTAINERD_TOO_OLD: 'This containerd does not implement the call; upgrade containerd or use the native path.',
  CRIU_MISSING: 'Install CRIU 3.16 or newer where containerd runs (Debian: apt install criu).',
  CRIU_TOO_OLD: 'Upgrade CRIU to 3.16 or newer.',
  NOT_RUNNING: 'Only running containers can be checkpointed.',
  DISK_FULL: 'Free space at the destination folder or choose another one.',
  ARCHIVE_CORRUPT: 'The archive is damaged; the views that could be read are still shown.',
  LIMIT_EXCEEDED: 'The archive exceeds a safety limit; it may be hostile or damaged.',
  CONFLICT: 'A file of that name exists; choose another name.',
  HOST_UNREACHABLE: 'Start `checkpoint-inspector serve` again (or the SSH tunnel to it) and reload this page.',
  CONNECTION_LOST: 'The call may or may not have finished on the host; reload to see its state.',
  FORBIDDEN: 'Open the URL that `serve` printed, with its token.',
  SANDBOX_NOT_CHECKPOINTABLE:
    "Checkpoint one of the pod's containers; the pod's sandbox holds its namespaces and is not checkpointed.",
  ARCHIVE_UNSUPPORTED: 'This file is not a checkpoint archive this tool can read.',
};

/** Convert anything thrown into wire form without leaking stack traces. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof AppError) return error.toInfo();
  if (error instanceof Error) return { code: 'INTERNAL', message: error.message };
  return { code: 'INTERNAL', message: String(error) };
}

export function fromErrorInfo(info: ErrorInfo): AppError {
  return new AppError(isErrorCode(info.code) ? info.code : 'INTERNAL', info.message, info.details);
}
