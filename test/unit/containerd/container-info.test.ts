import { describe, expect, it } from 'vitest';
import { joinContainersAndTasks } from '../../../electron/containerd/container-info';
import type { ProcessRecord } from '../../../electron/containerd/messages';
import { ext, record } from './container-record';

const task = (id: string, status: ProcessRecord['status'], pid = 42): ProcessRecord => ({
  container_id: '',
  id,
  pid,
  status,
  exit_status: 0,
  exited_at: { seconds: -62135596800, nanos: 0 },
});

describe('joinContainersAndTasks', () => {
  it('names CRI containers from CRI metadata and their sandbox when Kubernetes labels are absent', () => {
    const sandbox = record('sb1', {
      labels: { 'io.cri-containerd.kind': 'sandbox' },
      extensions: {
        'io.cri-containerd.sandbox.metadata': ext({
          Metadata: { Name: 'web_ns_uid_0', Config: { metadata: { name: 'web', namespace: 'shop', uid: 'u' } } },
        }),
      },
    });
    const ctr = record('c1', {
      labels: { 'io.cri-containerd.kind': 'container' },
      extensions: {
        'io.cri-containerd.container.metadata': ext({
          Metadata: { Name: 'app_web_shop_u_0', SandboxID: 'sb1', Config: { metadata: { name: 'app' } } },
        }),
      },
    });
    const list = joinContainersAndTasks('k8s.io', [ctr, sandbox], [task('c1', 'RUNNING', 7)]);
    const c = list.find((x) => x.id === 'c1');
    expect(c).toMatchObject({
      name: 'app',
      containerName: 'app',
      podName: 'web',
      podNamespace: 'shop',
      cri: true,
      sandbox: false,
      status: 'running',
      pid: 7,
    });
    expect(c?.createdAt).toBe('2023-11-14T22:13:20.005Z');
    expect(list.find((x) => x.id === 'sb1')).toMatchObject({
      name: 'web',
      podName: 'web',
      cri: false,
      sandbox: true,
      status: 'no-task',
      pid: null,
    });
  });

  it('prefers Kubernetes labels, and falls back to the id for plain containers', () => {
    const k = record('k1', {
      labels: {
        'io.cri-containerd.kind': 'container',
        'io.kubernetes.pod.name': 'p',
        'io.kubernetes.pod.namespace': 'n',
        'io.kubernetes.container.name': 'c',
      },
    });
    const plain = record('plain-1', { created_at: { seconds: -62135596800, nanos: 0 } });
    const list = joinContainersAndTasks('default', [k, plain], [{ ...task('', 'STOPPED'), container_id: 'plain-1' }]);
    expect(list.find((x) => x.id === 'k1')).toMatchObject({ name: 'c', podName: 'p', podNamespace: 'n' });
    expect(list.find((x) => x.id === 'plain-1')).toMatchObject({
      name: 'plain-1',
      status: 'stopped',
      pid: null,
      createdAt: null,
      podName: null,
    });
  });

  it('ignores extensions that are not JSON', () => {
    const r = record('x', {
      extensions: { 'io.cri-containerd.container.metadata': { type_url: 'x', value: Buffer.from([0xff, 0x00]) } },
    });
    expect(joinContainersAndTasks('default', [r], [])[0]?.name).toBe('x');
  });
});
