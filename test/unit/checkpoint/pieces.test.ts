import { describe, expect, it } from 'vitest';
import { buildConfigDump, encodeConfigDump } from '../../../electron/checkpoint/config-dump';
import { checkCriu, parseCriuVersion } from '../../../electron/checkpoint/criu-check';
import { mapCriError } from '../../../electron/checkpoint/cri';
import { JobDeadline } from '../../../electron/checkpoint/deadline';
import { notRunningError } from '../../../electron/checkpoint/task-control';
import { decodeSpecBlob } from '../../../electron/checkpoint/spec-blob';
import { protoRoot } from '../../../electron/containerd/proto-root';
import { AppError } from '../../../shared/errors';

describe('config.dump', () => {
  it('has containerd CRI keys in their order, omitting empty optional ones', () => {
    const dump = buildConfigDump({
      id: 'c1',
      name: 'web_web_ns_uid_0',
      image: 'img:1',
      imageRef: 'sha256:abc',
      runtime: 'io.containerd.runc.v2',
      createdTime: '2026-01-02T03:04:05.123456789Z',
      checkpointedAt: new Date('2026-01-02T03:05:00Z'),
    });
    const json = JSON.parse(encodeConfigDump(dump).toString()) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      'id',
      'name',
      'rootfsImage',
      'rootfsImageRef',
      'rootfsImageName',
      'runtime',
      'createdTime',
      'checkpointedTime',
      'restoredTime',
      'restored',
    ]);
    expect(json.createdTime).toBe('2026-01-02T03:04:05.123456789Z');
    const bare = JSON.parse(
      encodeConfigDump(
        buildConfigDump({
          id: 'x',
          name: null,
          image: '',
          imageRef: null,
          runtime: '',
          createdTime: null,
          checkpointedAt: new Date(0),
        }),
      ).toString(),
    ) as Record<string, unknown>;
    expect(bare).toMatchObject({ id: 'x', name: 'x', createdTime: '0001-01-01T00:00:00Z' });
    expect('rootfsImage' in bare).toBe(false);
  });
});

describe('CRIU check', () => {
  it('parses criu --version', () => {
    expect(parseCriuVersion('Version: 4.2\nGitID: v4.2\n')).toEqual([4, 2, 0]);
    expect(parseCriuVersion('Version: 3.15.1')).toEqual([3, 15, 1]);
    expect(parseCriuVersion('nonsense')).toBeNull();
  });

  it('reports missing and too old CRIU, and says when it cannot check', async () => {
    const missing = () => Promise.reject(Object.assign(new Error('spawn criu ENOENT'), { code: 'ENOENT' }));
    await expect(checkCriu(process.pid, missing)).rejects.toMatchObject({ code: 'CRIU_MISSING' });
    await expect(checkCriu(process.pid, () => Promise.resolve('Version: 3.15\n'))).rejects.toMatchObject({
      code: 'CRIU_TOO_OLD',
    });
    await expect(checkCriu(process.pid, () => Promise.resolve('Version: 3.16\n'))).resolves.toEqual({
      state: 'ok',
      version: '3.16.0',
    });
    expect((await checkCriu(null, missing)).state).toBe('unchecked');
    expect((await checkCriu(2 ** 22 + 12345, missing)).state).toBe('unchecked');
  });
});

describe('errors', () => {
  it("uses containerd's words for a container that is not running", () => {
    const e = notRunningError('abc', {
      container_id: '',
      id: 'abc',
      pid: 0,
      status: 'STOPPED',
      exit_status: 0,
      exited_at: null,
    });
    expect(e.code).toBe('NOT_RUNNING');
    expect(e.message).toBe(
      'container "abc" is in CONTAINER_EXITED state. only CONTAINER_RUNNING containers can be checkpointed',
    );
    expect(notRunningError('abc', null).message).toContain('CONTAINER_CREATED');
  });

  it('maps CRI CheckpointContainer failures', () => {
    const internal = (m: string) => new AppError('INTERNAL', m);
    expect(
      mapCriError(
        internal(
          'rpc error: container "x" is in CONTAINER_EXITED state. only CONTAINER_RUNNING containers can be checkpointed',
        ),
        'x',
      ),
    ).toMatchObject({ code: 'NOT_RUNNING' });
    expect(mapCriError(internal('CRIU binary not found or too old (<31600)'), 'x')).toMatchObject({
      code: 'CRIU_MISSING',
    });
    expect(mapCriError(internal('write /a: no space left on device'), 'x')).toMatchObject({ code: 'DISK_FULL' });
    expect(mapCriError(new AppError('CONTAINERD_TOO_OLD', 'unimplemented'), 'x')).toMatchObject({
      code: 'CONTAINERD_TOO_OLD',
    });
    expect(mapCriError(internal('criu failed'), 'x')).toMatchObject({ code: 'CHECKPOINT_FAILED' });
  });

  it('tells cancel from timeout', async () => {
    const user = new AbortController();
    const d = new JobDeadline(user.signal, 0.05);
    expect(d.reason()).toBeNull();
    await new Promise((r) => setTimeout(r, 80));
    expect(d.signal.aborted).toBe(true);
    expect(d.reason()?.code).toBe('TIMEOUT');
    d.dispose();
    const c = new AbortController();
    const d2 = new JobDeadline(c.signal, 60);
    c.abort();
    expect(d2.explain(new Error('x'))).toMatchObject({ code: 'CANCELLED' });
    d2.dispose();
  });
});

describe('spec blob', () => {
  it('unwraps the JSON spec from the protobuf Any', () => {
    const type = protoRoot().lookupType('google.protobuf.Any');
    const blob = Buffer.from(
      type
        .encode({
          type_url: 'types.containerd.io/opencontainers/runtime-spec/1/Spec',
          value: Buffer.from('{"ociVersion":"1.2.1"}'),
        })
        .finish(),
    );
    expect(decodeSpecBlob(blob).toString()).toBe('{"ociVersion":"1.2.1"}');
    const notJson = Buffer.from(type.encode({ type_url: 't', value: Buffer.from([1, 2, 3]) }).finish());
    expect(() => decodeSpecBlob(notJson)).toThrow(/JSON/);
  });
});
