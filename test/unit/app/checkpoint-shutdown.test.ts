// Every exit path waits for the checkpoints in flight to undo what they did:
// the signal handling of all hosts, with a fake process.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { CheckpointsInFlight, installShutdown, SHUTDOWN_TEXT } from '../../../electron/app/checkpoint-shutdown';

function fakeProcess() {
  return Object.assign(new EventEmitter(), { exit: vi.fn<(code?: number) => void>() });
}

/** A checkpoint that, once cancelled, takes until `finishCleanup()` to resume its container. */
function slowCheckpoint(inFlight: CheckpointsInFlight) {
  let finish: () => void = () => undefined;
  const cleanedUp = new Promise<void>((r) => (finish = r));
  const cancel = vi.fn();
  const done = inFlight.track(
    cancel,
    cleanedUp.then(() => 'undone'),
  );
  return { cancel, done, finishCleanup: () => finish() };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('installShutdown', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const)('%s with nothing in flight exits at once with %i', async (signal, code) => {
    const proc = fakeProcess();
    const said: string[] = [];
    installShutdown({ inFlight: new CheckpointsInFlight(), say: (l) => said.push(l), proc });
    proc.emit(signal);
    await tick();
    expect(proc.exit).toHaveBeenCalledWith(code);
    expect(said).toEqual([]);
  });

  it('SIGINT twice mid-checkpoint: cancels, says to wait, exits 130 only after the cleanup', async () => {
    const proc = fakeProcess();
    const said: string[] = [];
    const inFlight = new CheckpointsInFlight();
    const shutdown = installShutdown({ inFlight, say: (l) => said.push(l), proc });
    const ck = slowCheckpoint(inFlight);
    proc.emit('SIGINT');
    expect(ck.cancel).toHaveBeenCalledTimes(1);
    expect(said).toEqual([`SIGINT: ${SHUTDOWN_TEXT.stopping}`]);
    expect(shutdown.exitCode).toBe(130);
    proc.emit('SIGINT');
    expect(said[1]).toBe(`SIGINT: ${SHUTDOWN_TEXT.stillResuming}`);
    // The second Ctrl-C neither cancels again nor exits.
    expect(ck.cancel).toHaveBeenCalledTimes(1);
    await tick();
    expect(proc.exit).not.toHaveBeenCalled();
    ck.finishCleanup();
    expect(await ck.done).toBe('undone');
    expect(await shutdown.stopped).toBe(130);
    expect(proc.exit).toHaveBeenCalledWith(130);
    expect(inFlight.count).toBe(0);
  });

  it('an uncaught exception mid-checkpoint: reported, then the same cleanup, then exit 1', async () => {
    const proc = fakeProcess();
    const said: string[] = [];
    const inFlight = new CheckpointsInFlight();
    installShutdown({ inFlight, say: (l) => said.push(l), proc });
    const ck = slowCheckpoint(inFlight);
    proc.emit('uncaughtException', new Error('boom'));
    expect(said[0]).toContain('unexpected error: Error: boom');
    expect(ck.cancel).toHaveBeenCalled();
    await tick();
    expect(proc.exit).not.toHaveBeenCalled();
    ck.finishCleanup();
    await ck.done;
    await tick();
    expect(proc.exit).toHaveBeenCalledWith(1);
  });

  it("a host's own stop replaces the exit, and waits too", async () => {
    const proc = fakeProcess();
    const inFlight = new CheckpointsInFlight();
    const stop = vi.fn();
    const shutdown = installShutdown({ inFlight, say: () => undefined, proc, stop });
    const ck = slowCheckpoint(inFlight);
    proc.emit('SIGTERM');
    await tick();
    expect(stop).not.toHaveBeenCalled();
    ck.finishCleanup();
    expect(await shutdown.stopped).toBe(143);
    expect(stop).toHaveBeenCalledWith(143);
    expect(proc.exit).not.toHaveBeenCalled();
  });

  it('waits for a checkpoint that started while stopping as well, and dispose removes every listener', async () => {
    const proc = fakeProcess();
    const inFlight = new CheckpointsInFlight();
    const shutdown = installShutdown({ inFlight, say: () => undefined, proc, stop: () => undefined });
    const first = slowCheckpoint(inFlight);
    proc.emit('SIGTERM');
    const second = slowCheckpoint(inFlight);
    first.finishCleanup();
    await first.done;
    await tick();
    let stopped = false;
    void shutdown.stopped.then(() => (stopped = true));
    await tick();
    expect(stopped).toBe(false);
    second.finishCleanup();
    await shutdown.stopped;
    shutdown.dispose();
    for (const e of ['SIGINT', 'SIGTERM', 'SIGHUP', 'uncaughtException']) expect(proc.listenerCount(e)).toBe(0);
  });
});
