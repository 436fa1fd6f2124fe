import { describe, expect, it, vi } from 'vitest';
import { claimSingleInstance, type SingleInstanceApp } from '../../../electron/main/single-instance';

type SecondInstance = (event: unknown, argv: string[], workingDirectory: string, additionalData: unknown) => void;

function fakeApp(gotLock: boolean) {
  let second: SecondInstance | null = null;
  const app = {
    requestSingleInstanceLock: vi.fn(() => gotLock),
    on: vi.fn((_event: 'second-instance', listener: SecondInstance) => {
      second = listener;
    }),
    quit: vi.fn(),
  } satisfies SingleInstanceApp;
  return { app, fire: (...args: Parameters<SecondInstance>) => second?.(...args) };
}

describe('claimSingleInstance', () => {
  it('a second instance hands its file over and quits', () => {
    const { app } = fakeApp(false);
    const onSecond = vi.fn();
    expect(claimSingleInstance(app, '/data/cp.tar', false, onSecond)).toBe(false);
    expect(app.requestSingleInstanceLock).toHaveBeenCalledWith({ file: '/data/cp.tar' });
    expect(app.quit).toHaveBeenCalled();
    expect(app.on).not.toHaveBeenCalled();
  });

  it('the first instance opens the file another launch hands over', () => {
    const { app, fire } = fakeApp(true);
    const onSecond = vi.fn();
    expect(claimSingleInstance(app, null, false, onSecond)).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
    fire({}, ['/opt/ci/app', 'ignored.tar'], '/home/u', { file: '/data/from-lock.tar' });
    fire({}, ['/opt/ci/app', '--no-sandbox', 'rel/cp.tar'], '/home/u', {});
    fire({}, ['/opt/ci/app', 'rel/cp.tar'], '/home/u', { file: null });
    expect(onSecond.mock.calls).toEqual([['/data/from-lock.tar'], ['/home/u/rel/cp.tar'], [null]]);
  });

  it('reads a relative handed-over path against the second launch’s folder', () => {
    const { app, fire } = fakeApp(true);
    const onSecond = vi.fn();
    claimSingleInstance(app, null, true, onSecond);
    fire({}, ['/x/electron', '/work/main', 'cp.tar'], '/srv', null);
    expect(onSecond).toHaveBeenCalledWith('/srv/cp.tar');
  });
});
