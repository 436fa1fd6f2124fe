import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SOCKET, normalizeSocketPath } from '../../../electron/containerd/address';
import { mapGrpcError } from '../../../electron/containerd/errors';
import { AppError } from '../../../shared/errors';

const grpcError = (code: number, details: string) => Object.assign(new Error(details), { code, details, metadata: {} });
const where = (service = 'containers') => ({ service, method: 'List', socketPath: '/s.sock', timeoutMs: 10_000 });

describe('normalizeSocketPath', () => {
  it('takes a bare path or a unix:// URL, and the default for nothing', () => {
    expect(normalizeSocketPath('/a.sock')).toBe('/a.sock');
    expect(normalizeSocketPath(undefined)).toBe(DEFAULT_SOCKET);
    expect(normalizeSocketPath('unix:///c.sock')).toBe('/c.sock');
    expect(normalizeSocketPath('unix:/d.sock')).toBe('/d.sock');
    expect(normalizeSocketPath('  ')).toBe(DEFAULT_SOCKET);
  });
});

describe('mapGrpcError', () => {
  it('names permission problems with the advice to run as root or join the group', () => {
    const e = mapGrpcError(
      grpcError(status.UNAVAILABLE, 'No connection established. Last error: connect EACCES /s.sock'),
      where(),
    );
    expect(e.code).toBe('PERMISSION_DENIED');
    expect(e.message).toContain("run as root or join the socket's group");
  });

  it('tells a missing socket from a refused one', () => {
    expect(mapGrpcError(grpcError(status.UNAVAILABLE, 'connect ENOENT /s.sock'), where()).message).toContain(
      'no containerd socket at /s.sock',
    );
    const refused = mapGrpcError(grpcError(status.UNAVAILABLE, 'connect ECONNREFUSED /s.sock'), where());
    expect(refused.code).toBe('CONTAINERD_UNREACHABLE');
    expect(refused.message).toContain('refused');
  });

  it('maps deadlines to TIMEOUT and Unimplemented to TOO_OLD, or NOT_CONTAINERD for Version', () => {
    expect(mapGrpcError(grpcError(status.DEADLINE_EXCEEDED, 'Deadline exceeded'), where()).code).toBe('TIMEOUT');
    const old = mapGrpcError(grpcError(status.UNIMPLEMENTED, 'unknown method'), where('introspection'));
    expect(old.code).toBe('CONTAINERD_TOO_OLD');
    expect(old.message).toContain('introspection.List');
    expect(mapGrpcError(grpcError(status.UNIMPLEMENTED, 'unknown service'), where('version')).code).toBe(
      'NOT_CONTAINERD',
    );
  });

  it('keeps the gRPC code in details for callers that refine it', () => {
    const e = mapGrpcError(grpcError(status.FAILED_PRECONDITION, 'task must be stopped'), where());
    expect(e.code).toBe('INTERNAL');
    expect(e.details?.grpcCode).toBe(status.FAILED_PRECONDITION);
    expect(e.message).toContain('task must be stopped');
  });

  it('passes AppErrors through', () => {
    const original = new AppError('CANCELLED', 'x');
    expect(mapGrpcError(original, where())).toBe(original);
  });
});
