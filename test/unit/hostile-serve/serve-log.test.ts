// The `serve` command's own log, through the built CLI as a child process:
// archives whose path and container name hold terminal escapes are logged
// with those escapes made visible, and at SIGTERM the host removes what it
// stored (uploads, then the whole cache root).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_BUDGET, terminalControls } from '../../support/run-cli-process';
import { entry, file, tar } from '../../hostile/tar-writer';
import { SAMPLE } from '../attack/attack-run';
import { get } from '../serve/http-client';
import { upload, whole } from './support/upload-client';

const CLI = resolve(__dirname, '../../../dist/cli/cli.cjs');
const ESCAPES = '\x1b]0;pwned\x07\x1b[2J\x1b[31m\b\r';

let tmp: string;
let child: ChildProcess;
let stdout = '';
let stderr = Buffer.alloc(0);
const exited = () =>
  new Promise<number | null>((done) => {
    if (child.exitCode !== null) done(child.exitCode);
    else child.once('exit', (code) => done(code));
  });
/** Resolves once the child's output matches (or rejects when it exits first). */
function output(read: () => string, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((done, fail) => {
    const check = () => {
      const m = pattern.exec(read());
      if (m) {
        child.stdout?.off('data', check);
        child.stderr?.off('data', check);
        child.off('exit', onExit);
        done(m);
      }
    };
    const onExit = () => fail(new Error(`serve exited before ${pattern}: ${stderr.toString('utf8')}`));
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'h-serve-log-'));
  const named = join(tmp, `named-${ESCAPES}.tar`);
  await writeFile(
    named,
    tar(
      entry({ name: 'checkpoint/', type: '5', mode: 0o755 }),
      file('config.dump', JSON.stringify({ id: 'c1', name: `web${ESCAPES}` })),
    ),
  );
  const junk = join(tmp, `junk-${ESCAPES}.tar`);
  await writeFile(junk, Buffer.alloc(1024, 0x7a));
  child = spawn(process.execPath, [CLI, 'serve', named, junk], {
    env: { ...process.env, XDG_CACHE_HOME: join(tmp, 'cache'), XDG_CONFIG_HOME: join(tmp, 'config') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (c: string) => (stdout += c));
  child.stderr?.on('data', (c: Buffer) => (stderr = Buffer.concat([stderr, c])));
}, HOSTILE_BUDGET.ms);
afterAll(async () => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(tmp, { recursive: true, force: true });
});

describe('serve: the host log and its exit', () => {
  it(
    'logs the opened and the refused archive with no control character',
    async () => {
      const err = () => stderr.toString('utf8');
      const opened = await output(err, /^opened .*\n/m);
      const refused = await output(err, /^could not open .*junk.*\n/m);
      expect(terminalControls(stderr)).toEqual([]);
      expect(opened[0]).toContain('named-\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31m\\x08\\x0d.tar');
      expect(opened[0]).toContain('(web\\x1b]0;pwned');
      expect(refused[0]).toContain('junk-\\x1b]0;pwned');
    },
    HOSTILE_BUDGET.ms,
  );

  it(
    'removes the uploaded copies and the cache at SIGTERM',
    async () => {
      const [url] = (await output(() => stdout, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+$/m)) as string[];
      const origin = new URL(url!).origin;
      const cookie = String((await get(url!)).headers['set-cookie']).split(';')[0] ?? '';
      const answer = await upload(origin, cookie, whole(await readFile(SAMPLE)), { name: 'sample.tar' });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const base = join(tmp, 'cache', 'checkpoint-inspector', 'cache');
      const [root] = await readdir(base);
      expect(await readdir(join(base, root!, 'uploads'))).toHaveLength(1);
      child.kill('SIGTERM');
      expect(await exited()).toBe(0);
      expect(await readdir(base)).toEqual([]);
      expect(terminalControls(stderr)).toEqual([]);
    },
    HOSTILE_BUDGET.ms,
  );
});
