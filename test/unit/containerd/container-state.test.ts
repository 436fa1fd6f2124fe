import { describe, expect, it } from 'vitest';
import { containerStatusLabel } from '../../../shared/dto/containerd';
import { containerState } from '../../../electron/containerd/container-state';
import type { CriContainerStatus } from '../../../electron/containerd/cri-status';
import type { ProcessRecord } from '../../../electron/containerd/messages';

const task = (status: ProcessRecord['status'], exit = 0, exitedSeconds = 0): ProcessRecord => ({
  container_id: 'c',
  id: 'c',
  pid: 9,
  status,
  exit_status: exit,
  exited_at: { seconds: exitedSeconds, nanos: 0 },
});
const cri = (state: CriContainerStatus['state'], over: Partial<CriContainerStatus> = {}): CriContainerStatus => ({
  state,
  startedAt: 0,
  finishedAt: 0,
  exitCode: null,
  reason: null,
  ...over,
});
const T = 1_700_000_000;

describe('containerState', () => {
  it('a CRI container whose task is gone is exited, with CRI exit code and time', () => {
    const s = containerState(null, cri('CONTAINER_EXITED', { exitCode: 137, finishedAt: T * 1e9, startedAt: 1 }));
    expect(s).toEqual({ status: 'exited', exitCode: 137, exitedAt: '2023-11-14T22:13:20.000Z', statusSource: 'cri' });
  });

  it('the same container before containerd deletes the task reads the same', () => {
    const c = cri('CONTAINER_EXITED', { exitCode: 137, finishedAt: T * 1e9, startedAt: 1 });
    expect(containerState(task('STOPPED', 137, T), c)).toEqual(containerState(null, c));
  });

  it('CREATED with a start time or a stopped task (containerd 1.7) is exited', () => {
    expect(
      containerState(null, cri('CONTAINER_CREATED', { startedAt: 5, finishedAt: T * 1e9, exitCode: 1 })),
    ).toMatchObject({ status: 'exited', exitCode: 1 });
    expect(containerState(task('STOPPED', 2, T), cri('CONTAINER_CREATED'))).toMatchObject({
      status: 'exited',
      exitCode: 2,
      exitedAt: '2023-11-14T22:13:20.000Z',
    });
    expect(containerState(null, cri('CONTAINER_CREATED'))).toMatchObject({ status: 'created', exitCode: null });
  });

  it('a frozen CRI container reads paused, not running', () => {
    expect(containerState(task('PAUSED'), cri('CONTAINER_RUNNING')).status).toBe('paused');
    expect(containerState(task('RUNNING'), cri('CONTAINER_RUNNING')).status).toBe('running');
    expect(containerState(null, cri('CONTAINER_UNKNOWN')).status).toBe('unknown');
  });

  it('other containers take the task: stopped with its exit status, or no-task', () => {
    expect(containerState(task('STOPPED', 3, T), null)).toEqual({
      status: 'stopped',
      exitCode: 3,
      exitedAt: '2023-11-14T22:13:20.000Z',
      statusSource: 'task',
    });
    expect(containerState(task('RUNNING'), null)).toMatchObject({ status: 'running', exitCode: null });
    expect(containerState(null, null)).toEqual({
      status: 'no-task',
      exitCode: null,
      exitedAt: null,
      statusSource: 'task',
    });
  });

  it('one label for every host', () => {
    expect(containerStatusLabel({ status: 'exited', exitCode: 137 })).toBe('exited (137)');
    expect(containerStatusLabel({ status: 'stopped', exitCode: 0 })).toBe('stopped (0)');
    expect(containerStatusLabel({ status: 'running', exitCode: null })).toBe('running');
    expect(containerStatusLabel({ status: 'no-task', exitCode: null })).toBe('no-task');
  });
});
