import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMainLog, installFatalHandlers } from '../../../electron/main/error-log';

const dirs: string[] = [];
const tmp = async () => {
  const d = await mkdtemp(path.join(os.tmpdir(), 'ci-log-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('createMainLog', () => {
  it('appends timestamped, clipped entries to main.log in the user-data folder', async () => {
    const dir = await tmp();
    const log = createMainLog(path.join(dir, 'ud'), () => new Date('2026-01-02T03:04:05Z'));
    log.write('hello');
    log.error('open archive', new Error('boom'));
    log.write('x'.repeat(10_000));
    const text = await readFile(path.join(dir, 'ud', 'main.log'), 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe('2026-01-02T03:04:05.000Z hello');
    expect(text).toContain('open archive: Error: boom');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(4100);
  });

  it('rotates a log grown past 1 MiB', async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, 'main.log'), 'y'.repeat(1024 * 1024 + 1));
    createMainLog(dir).write('fresh');
    expect((await readFile(path.join(dir, 'main.log'), 'utf8')).trim()).toMatch(/fresh$/);
    expect((await readFile(path.join(dir, 'main.log.1'), 'utf8')).length).toBe(1024 * 1024 + 1);
  });
});

describe('installFatalHandlers', () => {
  it('logs every uncaught error and shows one dialog per quiet period', async () => {
    const dir = await tmp();
    const emitter = new EventEmitter();
    const proc = emitter as unknown as NodeJS.Process;
    const showError = vi.fn();
    let now = 0;
    const log = createMainLog(dir);
    const uninstall = installFatalHandlers(proc, { log, showError, quietMs: 1000 }, () => now);
    emitter.emit('uncaughtException', new Error('first'));
    emitter.emit('unhandledRejection', new Error('second'));
    now = 5000;
    emitter.emit('uncaughtException', new Error('third'));
    expect(showError).toHaveBeenCalledTimes(2);
    expect(showError.mock.calls[0]![1]).toContain(path.join(dir, 'main.log'));
    const text = await readFile(path.join(dir, 'main.log'), 'utf8');
    expect(text).toMatch(/uncaughtException: Error: first[\s\S]*unhandledRejection: Error: second[\s\S]*third/);
    uninstall();
    expect(emitter.listenerCount('uncaughtException')).toBe(0);
  });
});
