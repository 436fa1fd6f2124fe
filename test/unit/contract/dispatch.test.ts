import { describe, expect, it, vi } from 'vitest';
import { createDispatch, type Handlers } from '../../../electron/ipc/dispatch';
import { CHANNEL_NAMES } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';

function fakeHandlers(): Handlers {
  const handlers = Object.fromEntries(CHANNEL_NAMES.map((name) => [name, vi.fn(async () => `result of ${name}`)]));
  return handlers as unknown as Handlers;
}

describe('dispatch', () => {
  it('passes validated arguments with defaults to the handler', async () => {
    const handlers = fakeHandlers();
    const dispatch = createDispatch(handlers, { allowCheckpoint: false });
    const out = await dispatch('inspect.decodeImage', { archiveId: 'a1', name: 'checkpoint/pstree.img' });
    expect(out).toEqual({ ok: true, value: 'result of inspect.decodeImage' });
    expect(handlers['inspect.decodeImage']).toHaveBeenCalledWith({
      archiveId: 'a1',
      name: 'checkpoint/pstree.img',
      offset: 0,
      limit: 200,
    });
  });

  it.each([
    ['wrong type', 'inspect.process', { archiveId: 'a1', pid: '1' }],
    ['negative offset', 'archive.readMember', { archiveId: 'a1', name: 'x', offset: -1, length: 10 }],
    ['range past the page limit', 'archive.readMember', { archiveId: 'a1', name: 'x', offset: 0, length: 2 ** 21 }],
    ['not an archive id', 'archive.overview', { archiveId: '../../etc/passwd' }],
    ['unknown extra field', 'archive.overview', { archiveId: 'a1', path: '/etc/passwd' }],
    ['huge string', 'inspect.readRootfsFile', { archiveId: 'a1', path: 'x'.repeat(10_000), offset: 0, length: 1 }],
    [
      'a path as checkpoint file name',
      'checkpoint.start',
      { containerId: 'c', namespace: 'default', fileName: '../x' },
    ],
    ['not an object', 'archive.list', 'hello'],
  ])('rejects %s with INVALID_ARGUMENT before any handler runs', async (_label, channel, args) => {
    const handlers = fakeHandlers();
    const out = await createDispatch(handlers, { allowCheckpoint: true })(channel, args);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.code).toBe('INVALID_ARGUMENT');
    for (const name of CHANNEL_NAMES) expect(handlers[name]).not.toHaveBeenCalled();
  });

  it('rejects unknown channels, including prototype names', async () => {
    const dispatch = createDispatch(fakeHandlers(), { allowCheckpoint: true });
    for (const name of ['fs.read', '__proto__', 'constructor', 42]) {
      const out = await dispatch(name, {});
      expect(out).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
  });

  it('refuses checkpoint channels where checkpointing is not allowed', async () => {
    const handlers = fakeHandlers();
    const out = await createDispatch(handlers, { allowCheckpoint: false })('checkpoint.start', {
      containerId: 'c1',
      namespace: 'default',
    });
    expect(out).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(handlers['checkpoint.start']).not.toHaveBeenCalled();
  });

  it('carries an AppError code across and hides other errors behind INTERNAL', async () => {
    const handlers = fakeHandlers();
    handlers['archive.overview'] = async () => {
      throw new AppError('ARCHIVE_CORRUPT', 'pstree.img: truncated', { member: 'checkpoint/pstree.img' });
    };
    handlers['archive.list'] = async () => {
      throw new TypeError('boom');
    };
    const dispatch = createDispatch(handlers, { allowCheckpoint: false });
    expect(await dispatch('archive.overview', { archiveId: 'a1' })).toEqual({
      ok: false,
      error: {
        code: 'ARCHIVE_CORRUPT',
        message: 'pstree.img: truncated',
        details: { member: 'checkpoint/pstree.img' },
      },
    });
    expect(await dispatch('archive.list', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
  });
});
