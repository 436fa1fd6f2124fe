import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/errors';
import { bridgeSafe } from '../../../electron/preload/bridge-safe';
import { createApi, type Transport } from '../../../electron/preload/create-api';

function fakeTransport(reply: unknown = { ok: true, value: 42 }) {
  let listener: ((event: string, payload: unknown) => void) | null = null;
  const transport = {
    invoke: vi.fn(async () => reply),
    openDropped: vi.fn(async (paths: string[]) => ({ ok: true, value: paths.map((p) => ({ path: p })) })),
    subscribe: vi.fn((l: (event: string, payload: unknown) => void) => {
      listener = l;
      return () => {
        listener = null;
      };
    }),
  } satisfies Transport;
  return { transport, emit: (event: string, payload: unknown) => listener?.(event, payload) };
}

const fileNamed = (name: string) => ({ name }) as unknown as File;
const pathOf = (f: File) => (f.name === 'memory-only' ? '' : `/drop/${f.name}`);

describe('createApi', () => {
  it('unwraps a successful envelope into its value', async () => {
    const { transport } = fakeTransport({ ok: true, value: { name: 'x' } });
    const api = createApi(transport, pathOf);
    await expect(api.invoke('app.info', {})).resolves.toEqual({ name: 'x' });
    expect(transport.invoke).toHaveBeenCalledWith('app.info', {});
  });

  it('turns an error envelope into an AppError with its code and details', async () => {
    const { transport } = fakeTransport({
      ok: false,
      error: { code: 'ARCHIVE_CORRUPT', message: 'bad tar', details: { offset: 512 } },
    });
    const error: unknown = await createApi(transport, pathOf)
      .invoke('archive.list', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'ARCHIVE_CORRUPT', message: 'bad tar', details: { offset: 512 } });
  });

  it('maps an unknown code to INTERNAL and a malformed reply to INTERNAL', async () => {
    const odd = createApi(fakeTransport({ ok: false, error: { code: 'NOPE', message: 'm' } }).transport, pathOf);
    await expect(odd.invoke('app.info', {})).rejects.toMatchObject({ code: 'INTERNAL', message: 'm' });
    const broken = createApi(fakeTransport('garbage').transport, pathOf);
    await expect(broken.invoke('app.info', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('delivers only the subscribed event and stops after unsubscribe', () => {
    const { transport, emit } = fakeTransport();
    const api = createApi(transport, pathOf);
    const seen = vi.fn();
    const off = api.on('archive.opened', seen);
    emit('job.progress', { jobId: 'j' });
    emit('archive.opened', { archiveId: 'a1' });
    off();
    emit('archive.opened', { archiveId: 'a2' });
    expect(seen.mock.calls).toEqual([[{ archiveId: 'a1' }]]);
  });

  it('refuses to subscribe to an event outside the contract', () => {
    const api = createApi(fakeTransport().transport, pathOf);
    expect(() => api.on('secret.event' as 'archive.opened', () => undefined)).toThrow(/unknown event/);
  });

  it('resolves dropped files to paths and skips files that are not on disk', async () => {
    const { transport } = fakeTransport();
    const api = createApi(transport, pathOf);
    await expect(
      api.openFiles([fileNamed('a.tar'), fileNamed('memory-only'), fileNamed('b.tar.zst')]),
    ).resolves.toEqual([{ path: '/drop/a.tar' }, { path: '/drop/b.tar.zst' }]);
    expect(transport.openDropped).toHaveBeenCalledWith(['/drop/a.tar', '/drop/b.tar.zst']);
    await expect(api.openFiles([fileNamed('memory-only')])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('saves a rootfs file through its contract channel', async () => {
    const { transport } = fakeTransport({ ok: true, value: { saved: true } });
    await expect(createApi(transport, pathOf).saveRootfsFile('a1', 'etc/hosts')).resolves.toEqual({ saved: true });
    expect(transport.invoke).toHaveBeenCalledWith('inspect.saveRootfsFile', { archiveId: 'a1', path: 'etc/hosts' });
  });
});

describe('bridgeSafe', () => {
  it('rejects with plain data that survives a structured copy with its code and details', async () => {
    const { transport } = fakeTransport({
      ok: false,
      error: { code: 'LIMIT_EXCEEDED', message: 'too many', details: { max: 10 } },
    });
    const rejection: unknown = await bridgeSafe(createApi(transport, pathOf))
      .invoke('archive.list', {})
      .catch((e: unknown) => e);
    // contextBridge keeps only an Error's message; plain objects are deep-copied like structuredClone.
    expect(rejection).not.toBeInstanceOf(Error);
    expect(structuredClone(rejection)).toEqual({
      name: 'AppError',
      code: 'LIMIT_EXCEEDED',
      message: 'too many',
      details: { max: 10 },
    });
  });

  it('passes values and subscriptions through unchanged', async () => {
    const { transport, emit } = fakeTransport({ ok: true, value: 7 });
    const api = bridgeSafe(createApi(transport, pathOf));
    await expect(api.invoke('app.info', {})).resolves.toBe(7);
    const seen = vi.fn();
    api.on('menu.command', seen);
    emit('menu.command', { command: 'connect' });
    expect(seen).toHaveBeenCalledWith({ command: 'connect' });
  });
});
