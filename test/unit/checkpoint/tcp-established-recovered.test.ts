import { describe, expect, it } from 'vitest';
import { choosePath } from '../../../electron/checkpoint/choose-path';
import type { ContainerdClient } from '../../../electron/containerd/client';
import type { CheckpointRequest } from '../../../electron/checkpoint/types';
import { checkpointStart } from '../../../shared/schemas';

const req = (via: CheckpointRequest['via']): CheckpointRequest => ({
  containerId: 'c1',
  namespace: 'k8s.io',
  via,
  outputPath: '/tmp/h-recovered-never-written/a.tar',
  leaveRunning: true,
  timeoutSeconds: 60,
  tcpEstablished: true,
});
// choosePath must decide before it asks containerd anything.
const client = {} as ContainerdClient;

describe('checkpoint with established TCP connections', () => {
  it('is refused on the CRI path, saying what to use instead', async () => {
    await expect(choosePath(client, req('cri'), null)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining('--via native'),
    });
  });

  it('takes the native path on auto, saying why', async () => {
    await expect(choosePath(client, req('auto'), null)).resolves.toEqual({
      via: 'native',
      reason: expect.stringContaining('established TCP'),
    });
  });

  it('is off unless asked for in the contract', () => {
    expect(checkpointStart.parse({ containerId: 'c', namespace: 'n' }).tcpEstablished).toBe(false);
  });
});
