import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMainLog, installFatalHandlers } from '../../../electron/main/error-log';
import { redact } from '../../../electron/main/log-redact';
import { AppError } from '../../../shared/errors';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Emits each error as uncaught and returns what main.log then holds. */
async function logged(...errors: unknown[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ci-log-privacy-'));
  dirs.push(dir);
  const emitter = new EventEmitter();
  const uninstall = installFatalHandlers(emitter as unknown as NodeJS.Process, {
    log: createMainLog(dir),
    showError: () => undefined,
  });
  for (const error of errors) emitter.emit('uncaughtException', error);
  uninstall();
  return readFile(path.join(dir, 'main.log'), 'utf8');
}

describe('main.log privacy', () => {
  it('keeps environment values and memory bytes from an archive out of the log', async () => {
    const memory = Buffer.from(`PATH=/usr/bin\0DB_PASSWORD=hunter2hunter2\0\x7fELF\x02\x01`, 'latin1');
    const hostToken = randomBytes(16).toString('hex');
    const text = await logged(
      new AppError('IMAGE_CORRUPT', `checkpoint/core-1.img: environ holds AWS_SECRET_ACCESS_KEY=${SECRET}`, {
        member: 'checkpoint/core-1.img',
        environment: [`AWS_SECRET_ACCESS_KEY=${SECRET}`],
        memory: memory.toString('base64'),
      }),
      new Error(`unexpected bytes ${memory.toString('latin1')} at 0x7ffd0000: de ad be ef 41 42 43 44 45 46`),
      new TypeError(`cannot read token ${hostToken}`),
      `a thrown string with GITHUB_TOKEN="ghp_${'x'.repeat(36)}"`,
    );
    for (const value of [SECRET, 'hunter2', 'de ad be ef', hostToken, memory.toString('base64'), 'ghp_', '\x7fELF']) {
      expect(text).not.toContain(value);
    }
    // What is left still says what went wrong, and where in our code.
    expect(text).toContain('uncaughtException: AppError [IMAGE_CORRUPT]: checkpoint/core-1.img: environ holds');
    expect(text).toContain('AWS_SECRET_ACCESS_KEY=[redacted]');
    expect(text).toContain('TypeError: cannot read token [redacted]');
    expect(text).toMatch(/\n\s+at .*error-log-privacy\.test\.ts/);
    expect(text).not.toContain('environment');
  });

  it('keeps a message that holds nothing secret readable', () => {
    expect(redact('checkpoint/pagemap-1.img: entry 3: size 4294967295 is past the end')).toBe(
      'checkpoint/pagemap-1.img: entry 3: size 4294967295 is past the end',
    );
    expect(redact('x'.repeat(2000)).length).toBeLessThan(600);
  });
});
