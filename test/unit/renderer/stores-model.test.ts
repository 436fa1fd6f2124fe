import { describe, expect, it } from 'vitest';
import type { ContainerInfo, JobProgress } from '../../../shared/dto';
import { filterContainers, namespacesOf, needsRefetch } from '../../../renderer/src/stores/containers-model';
import {
  jobFromInfo,
  mergeRunning,
  newJob,
  progressFraction,
  withOutcome,
  withProgress,
} from '../../../renderer/src/stores/jobs-model';

function container(namespace: string, name: string, extra: Partial<ContainerInfo> = {}): ContainerInfo {
  return {
    namespace,
    id: `${name}-0123456789abcdef`,
    name,
    podName: null,
    podNamespace: null,
    containerName: name,
    image: 'busybox',
    runtime: 'io.containerd.runc.v2',
    labels: {},
    createdAt: null,
    status: 'running',
    exitCode: null,
    exitedAt: null,
    statusSource: 'task',
    pid: 1,
    cri: false,
    sandbox: false,
    sandboxId: null,
    ...extra,
  };
}

describe('containers model', () => {
  const list = [
    container('k8s.io', 'web', { podName: 'web', podNamespace: 'testbed' }),
    container('default', 'plain', { status: 'stopped' }),
    container('k8s.io', 'memhog'),
  ];

  it('lists namespaces once, sorted', () => {
    expect(namespacesOf(list)).toEqual(['default', 'k8s.io']);
  });

  it('filters by namespace and by any of name, id, image, pod and state', () => {
    expect(filterContainers(list, '', 'k8s.io').map((c) => c.name)).toEqual(['web', 'memhog']);
    expect(filterContainers(list, 'TESTBED', '').map((c) => c.name)).toEqual(['web']);
    expect(filterContainers(list, 'stopped', '').map((c) => c.name)).toEqual(['plain']);
    expect(filterContainers(list, 'memhog-0123', 'default')).toEqual([]);
  });

  it('lists again on every (re)connection, not on other changes', () => {
    const status = (state: 'connected' | 'error' | 'connecting') => ({
      state,
      socketPath: '/s',
      version: null,
      error: null,
    });
    expect(needsRefetch(null, status('connected'))).toBe(true);
    expect(needsRefetch('error', status('connected'))).toBe(true);
    expect(needsRefetch('connecting', status('connected'))).toBe(true);
    expect(needsRefetch('connected', status('connected'))).toBe(false);
    expect(needsRefetch('connected', status('error'))).toBe(false);
  });
});

describe('jobs model', () => {
  const progress = (phase: string, extra: Partial<JobProgress> = {}): JobProgress => ({
    jobId: 'j1',
    phase,
    fraction: null,
    bytesDone: null,
    bytesTotal: null,
    message: null,
    ...extra,
  });

  it('records phases once, in order', () => {
    let job = newJob('j1', 'checkpoint', 'Checkpoint of web', '/out/a.tar');
    for (const p of ['pause', 'dump', 'dump', 'write']) job = withProgress(job, progress(p));
    expect(job.phases).toEqual(['pause', 'dump', 'write']);
    expect(job.progress?.phase).toBe('write');
  });

  it('computes a bounded fraction from the fraction or the bytes', () => {
    expect(progressFraction(null)).toBeNull();
    expect(progressFraction(progress('x'))).toBeNull();
    expect(progressFraction(progress('x', { fraction: 0.25 }))).toBe(0.25);
    expect(progressFraction(progress('x', { fraction: 7 }))).toBe(1);
    expect(progressFraction(progress('x', { bytesDone: 50, bytesTotal: 200 }))).toBe(0.25);
    expect(progressFraction(progress('x', { bytesDone: 50, bytesTotal: 0 }))).toBeNull();
  });

  it('adopts jobs main was running before the page loaded, once', () => {
    const info = {
      jobId: 'j2',
      kind: 'checkpoint' as const,
      title: 'Checkpoint 87ef6a522ca6',
      startedAt: '2026-01-01T00:00:00Z',
      archiveId: null,
    };
    const jobs = mergeRunning({}, [info]);
    expect(jobs.j2).toEqual(jobFromInfo(info));
    expect(jobs.j2?.outputPath).toBe('');
    expect(mergeRunning(jobs, [info])).toBe(jobs);
  });

  it('learns a restored job’s file from its outcome, and never overwrites a known one', () => {
    const restored = jobFromInfo({ jobId: 'j2', kind: 'checkpoint', title: 't', startedAt: '', archiveId: null });
    const done = withOutcome(
      { ...restored, cancelling: true },
      { jobId: 'j2', ok: true, result: { kind: 'checkpoint', outputPath: '/out/b.tar', via: 'native', bytes: 1 } },
    );
    expect(done.outputPath).toBe('/out/b.tar');
    expect(done.cancelling).toBe(false);
    const known = withOutcome(newJob('j3', 'checkpoint', 't', '/out/c.tar'), {
      jobId: 'j3',
      ok: true,
      result: { kind: 'checkpoint', outputPath: '/x', via: 'cri', bytes: 1 },
    });
    expect(known.outputPath).toBe('/out/c.tar');
    const failed = withOutcome(restored, {
      jobId: 'j2',
      ok: false,
      error: { code: 'CANCELLED', message: 'cancelled' },
    });
    expect(failed.outputPath).toBe('');
    expect(failed.outcome?.ok).toBe(false);
  });
});
