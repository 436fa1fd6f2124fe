// Electron's quit waits for the core's dispose (which stops the checkpoints
// in flight and waits for their cleanup): a mocked `app`.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { CheckpointsInFlight, SHUTDOWN_TEXT } from '../../../electron/app/checkpoint-shutdown';
import { guardQuit } from '../../../electron/main/quit-guard';

function fakeApp() {
  const app = new EventEmitter() as EventEmitter & { quit: ReturnType<typeof vi.fn>; exit: ReturnType<typeof vi.fn> };
  app.quit = vi.fn(() => {
    const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    app.emit('before-quit', event);
    if (!event.defaultPrevented) app.emit('will-quit', event);
  });
  app.exit = vi.fn();
  return app;
}

const quitEvent = () => {
  const e = { prevented: false, preventDefault: () => (e.prevented = true) };
  return e;
};
const tick = () => new Promise((r) => setImmediate(r));

function harness() {
  const app = fakeApp();
  const proc = Object.assign(new EventEmitter(), { exit: vi.fn() });
  const checkpoints = new CheckpointsInFlight();
  const notices: string[] = [];
  let finishDispose: () => void = () => undefined;
  const dispose = vi.fn(() => new Promise<void>((r) => (finishDispose = r)));
  const stop = guardQuit(app as never, {
    checkpoints,
    dispose,
    notify: (m) => notices.push(m),
    log: () => undefined,
    proc,
  });
  return { app, proc, checkpoints, notices, dispose, finishDispose: () => finishDispose(), stop };
}

describe('guardQuit', () => {
  it('holds before-quit until the dispose is done, says why, then exits', async () => {
    const h = harness();
    void h.checkpoints.track(() => undefined, new Promise(() => undefined));
    const first = quitEvent();
    h.app.emit('before-quit', first);
    expect(first.prevented).toBe(true);
    expect(h.dispose).toHaveBeenCalledTimes(1);
    expect(h.notices).toEqual([SHUTDOWN_TEXT.stopping]);
    // A second quit (Cmd-Q again, the last window closing) does not skip the cleanup.
    const second = quitEvent();
    h.app.emit('before-quit', second);
    expect(second.prevented).toBe(true);
    expect(h.notices[1]).toBe(SHUTDOWN_TEXT.stillResuming);
    expect(h.dispose).toHaveBeenCalledTimes(1);
    await tick();
    expect(h.app.exit).not.toHaveBeenCalled();
    h.finishDispose();
    await tick();
    expect(h.app.exit).toHaveBeenCalledWith(0);
    // After that, quitting is no longer held.
    const late = quitEvent();
    h.app.emit('will-quit', late);
    expect(late.prevented).toBe(false);
  });

  it('will-quit alone (no before-quit) is held the same way', async () => {
    const h = harness();
    const e = quitEvent();
    h.app.emit('will-quit', e);
    expect(e.prevented).toBe(true);
    expect(h.dispose).toHaveBeenCalledTimes(1);
    h.finishDispose();
    await tick();
    expect(h.app.exit).toHaveBeenCalledWith(0);
  });

  it('SIGTERM: cancels the checkpoints, waits for them, quits through the same hold, exits 143', async () => {
    const h = harness();
    let undone: () => void = () => undefined;
    const cancel = vi.fn();
    void h.checkpoints.track(cancel, new Promise<void>((r) => (undone = r)));
    h.proc.emit('SIGTERM');
    expect(cancel).toHaveBeenCalled();
    expect(h.notices[0]).toBe(`SIGTERM: ${SHUTDOWN_TEXT.stopping}`);
    await tick();
    expect(h.app.quit).not.toHaveBeenCalled();
    undone();
    await tick();
    expect(h.app.quit).toHaveBeenCalled();
    expect(h.dispose).toHaveBeenCalled();
    h.finishDispose();
    await tick();
    expect(h.app.exit).toHaveBeenCalledWith(143);
    h.stop();
    expect(h.proc.listenerCount('SIGTERM')).toBe(0);
  });
});
