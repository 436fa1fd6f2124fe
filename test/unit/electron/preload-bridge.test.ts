import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../../shared/api';
import { IPC_EVENT, IPC_INVOKE, IPC_OPEN_DROPPED } from '../../../electron/preload/ipc-channels';

const electron = vi.hoisted(() => {
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  return {
    listeners,
    exposed: new Map<string, unknown>(),
    invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: 'pong' })),
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) =>
      electron.listeners.set(channel, listener),
  },
  webUtils: { getPathForFile: (file: { name: string }) => `/home/u/${file.name}` },
}));

describe('preload', () => {
  beforeEach(async () => {
    vi.resetModules();
    electron.exposed.clear();
    electron.listeners.clear();
    electron.invoke.mockClear();
    await import('../../../electron/preload/index');
  });

  const api = () => electron.exposed.get('api') as Api;

  it('exposes exactly one object, window.api, with the four Api functions', () => {
    expect([...electron.exposed.keys()]).toEqual(['api']);
    expect(Object.keys(api()).sort()).toEqual(['invoke', 'on', 'openFiles', 'saveRootfsFile']);
  });

  it('invokes every channel on the one contract IPC channel', async () => {
    await expect(api().invoke('app.info', {})).resolves.toBe('pong');
    expect(electron.invoke).toHaveBeenCalledWith(IPC_INVOKE, 'app.info', {});
  });

  it('sends dropped files as paths from webUtils on the dropped-open channel', async () => {
    electron.invoke.mockResolvedValueOnce({ ok: true, value: [] });
    await api().openFiles([{ name: 'cp.tar' } as unknown as File]);
    expect(electron.invoke).toHaveBeenCalledWith(IPC_OPEN_DROPPED, ['/home/u/cp.tar']);
  });

  it('rejects with the error code as data the context bridge can copy', async () => {
    electron.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } });
    await expect(api().invoke('archive.list', {})).rejects.toEqual({
      name: 'AppError',
      code: 'NOT_FOUND',
      message: 'gone',
    });
  });

  it('fans contract events out to subscribers without exposing the IPC event', () => {
    const seen = vi.fn();
    const off = api().on('job.finished', seen);
    const fire = electron.listeners.get(IPC_EVENT)!;
    fire({ sender: 'secret' }, 'job.finished', { jobId: 'j1' });
    fire({ sender: 'secret' }, 42, { jobId: 'bad' });
    off();
    fire({ sender: 'secret' }, 'job.finished', { jobId: 'j2' });
    expect(seen.mock.calls).toEqual([[{ jobId: 'j1' }]]);
  });
});
