import { describe, expect, it } from 'vitest';
import { podSandbox, refuseSandbox } from '../../../electron/containerd/pod-sandbox';
import { ext, record } from './container-record';
import { AppError } from '../../../shared/errors';

const WEB_SANDBOX = {
  labels: {
    'io.cri-containerd.kind': 'sandbox',
    'io.kubernetes.pod.name': 'web',
    'io.kubernetes.pod.namespace': 'testbed',
  },
};

const thrown = (fn: () => void): unknown => {
  try {
    fn();
    return null;
  } catch (error) {
    return error;
  }
};

describe('podSandbox', () => {
  it("knows containerd CRI's sandbox by its label and names the pod from the Kubernetes labels", () => {
    const sb = record('sb', WEB_SANDBOX);
    expect(podSandbox(sb)).toEqual({ podName: 'web', podNamespace: 'testbed' });
  });

  it('knows a sandbox by its CRI metadata alone (no labels), and a cri-dockerd one by its Docker label', () => {
    const meta = record('sb', {
      extensions: {
        'io.cri-containerd.sandbox.metadata': ext({
          Metadata: { Config: { metadata: { name: 'shop', namespace: 'prod' } } },
        }),
      },
    });
    expect(podSandbox(meta)).toEqual({ podName: 'shop', podNamespace: 'prod' });
    expect(podSandbox(record('d', { labels: { 'io.kubernetes.docker.type': 'podsandbox' } }))).toEqual({
      podName: null,
      podNamespace: null,
    });
  });

  it('says a container of a pod, or a plain one, is no sandbox', () => {
    expect(podSandbox(record('c', { labels: { 'io.cri-containerd.kind': 'container' } }))).toBeNull();
    expect(podSandbox(record('plain'))).toBeNull();
    expect(podSandbox(record('d', { labels: { 'io.kubernetes.docker.type': 'container' } }))).toBeNull();
  });
});

describe('refuseSandbox', () => {
  it('refuses a sandbox with SANDBOX_NOT_CHECKPOINTABLE, naming the pod', () => {
    const sb = record('ac09511785aadaa3', WEB_SANDBOX);
    const error = thrown(() => refuseSandbox(sb));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('SANDBOX_NOT_CHECKPOINTABLE');
    expect((error as AppError).message).toContain('sandbox of pod "testbed/web"');
    expect((error as AppError).details).toMatchObject({ podName: 'web', podNamespace: 'testbed' });
  });

  it('lets a container through', () => {
    expect(thrown(() => refuseSandbox(record('c', { labels: { 'io.cri-containerd.kind': 'container' } })))).toBeNull();
  });
});
