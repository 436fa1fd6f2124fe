// Turns gRPC failures into AppErrors with stable codes and advice-ready text.
import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { AppError, isAppError } from '../../shared/errors';

export const PERMISSION_TEXT = "run as root or join the socket's group";

export function isServiceError(error: unknown): error is ServiceError {
  return (
    error instanceof Error &&
    typeof (error as Partial<ServiceError>).code === 'number' &&
    typeof (error as Partial<ServiceError>).details === 'string'
  );
}

/** Socket-level causes that grpc-js folds into UNAVAILABLE, recognised from its details text. */
export function connectFailure(socketPath: string, text: string): AppError | null {
  if (/EACCES|EPERM|permission denied/i.test(text)) {
    return new AppError('PERMISSION_DENIED', `permission denied on ${socketPath}: ${PERMISSION_TEXT}`, {
      socketPath,
    });
  }
  if (/ENOENT|no such file/i.test(text)) {
    return new AppError('CONTAINERD_UNREACHABLE', `no containerd socket at ${socketPath}`, { socketPath });
  }
  if (/ECONNREFUSED|connection refused/i.test(text)) {
    return new AppError('CONTAINERD_UNREACHABLE', `containerd refused the connection on ${socketPath} (not running?)`, {
      socketPath,
    });
  }
  // A reset or broken pipe on a connection that worked: containerd stopped or restarted under the call,
  // so it is retried like a refused connection (a resume after a checkpoint must not give up on it).
  if (/ECONNRESET|EPIPE/i.test(text)) {
    return new AppError(
      'CONTAINERD_UNREACHABLE',
      `the connection to containerd on ${socketPath} was reset (containerd stopped or restarted?)`,
      { socketPath },
    );
  }
  if (/ENOTSOCK|protocol error|HTTP2|http\/2|Received HTTP status/i.test(text)) {
    return new AppError('NOT_CONTAINERD', `${socketPath} did not answer as containerd (${text})`, { socketPath });
  }
  return null;
}

export function mapGrpcError(
  error: unknown,
  call: { service: string; method: string; socketPath: string; timeoutMs: number },
): AppError {
  if (isAppError(error)) return error;
  if (!isServiceError(error)) {
    return new AppError('INTERNAL', error instanceof Error ? error.message : String(error));
  }
  const name = `${call.service}.${call.method}`;
  const details = { grpcCode: error.code, call: name, socketPath: call.socketPath };
  switch (error.code) {
    case GrpcStatus.DEADLINE_EXCEEDED:
      return new AppError(
        'TIMEOUT',
        `containerd did not answer ${name} within ${Math.round(call.timeoutMs / 1000)} s`,
        details,
      );
    case GrpcStatus.UNIMPLEMENTED:
      if (call.service === 'version') {
        return new AppError('NOT_CONTAINERD', `${call.socketPath} answers gRPC but not as containerd`, details);
      }
      return new AppError('CONTAINERD_TOO_OLD', `this containerd does not implement ${name}`, details);
    case GrpcStatus.UNAVAILABLE: {
      const cause = connectFailure(call.socketPath, error.details);
      if (cause) return new AppError(cause.code, cause.message, { ...details, ...cause.details });
      return new AppError(
        'CONTAINERD_UNREACHABLE',
        `containerd is unreachable on ${call.socketPath}: ${error.details}`,
        details,
      );
    }
    case GrpcStatus.PERMISSION_DENIED:
      return new AppError('PERMISSION_DENIED', `containerd denied ${name}: ${error.details}`, details);
    case GrpcStatus.CANCELLED:
      return new AppError('CANCELLED', `${name} cancelled`, details);
    case GrpcStatus.NOT_FOUND:
      return new AppError('NOT_FOUND', error.details, details);
    default:
      return new AppError('INTERNAL', `${name}: ${error.details || error.message}`, details);
  }
}
