// `rootfs ARCHIVE PATH`: a file's bytes are data on a pipe (as cat), and escaped text on a terminal.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminalSafe } from '../../../shared/terminal-safe';
import { HOSTILE_BUDGET, runCliProcess, terminalControls } from '../../support/run-cli-process';
import { HOSTILE as H } from './hostile-archive';
import { expectTerminalClean, makeHostileFiles, type HostileFiles } from './hostile-files';

const CLI = resolve(__dirname, '../../../dist/cli/cli.cjs');
const FILE = `/${H.rootfsName}`;

let f: HostileFiles;
beforeAll(async () => {
  f = await makeHostileFiles();
});
afterAll(() => f.remove());

/** Runs the CLI with stdout and stderr on a pseudo-terminal (util-linux `script`); the values travel in the environment, unquoted by no shell. */
function onTerminal(args: string[]): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, CLI };
  const refs = args.map((a, i) => {
    env[`ARG${i}`] = a;
    return `"$ARG${i}"`;
  });
  return new Promise((done, fail) => {
    const child = spawn('script', ['-qec', `"${process.execPath}" "$CLI" ${refs.join(' ')}`, '/dev/null'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => out.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), HOSTILE_BUDGET.ms);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      // The terminal's own line discipline turns each \n into \r\n: that \r is the terminal's, not the file's.
      done({ code, output: Buffer.concat(out).toString('utf8').replace(/\r\n/g, '\n') });
    });
  });
}

describe('rootfs ARCHIVE PATH over a hostile file', () => {
  it('writes the bytes unchanged to a pipe, as cat does, with nothing on stderr', async () => {
    const r = await runCliProcess(['rootfs', f.archive, FILE]);
    expect(r.code).toBe(0);
    expect(r.stdout.equals(H.rootfsContent)).toBe(true);
    expect(r.stderr.toString('utf8')).toBe('');
  });

  it('shows the controls as escapes on a terminal, and says so on stderr', async () => {
    const r = await onTerminal(['rootfs', f.archive, FILE]);
    expect(r.code).toBe(0);
    expect(terminalControls(Buffer.from(r.output))).toEqual([]);
    expect(r.output).toContain(`first line\n${terminalSafe('\x1b]0;CAT\x07\x1b[2J\x1b[31mAWS_SECRET')}`);
    expect(r.output).toContain(
      `stdout is a terminal: control characters in ${terminalSafe(FILE)} are shown as escapes`,
    );
  });

  it('says nothing on stderr for a plain file on a terminal', async () => {
    const r = await onTerminal(['rootfs', f.archive, '/data/log.txt']);
    expect(r.code).toBe(0);
    expect(r.output).toBe('web started\n');
  });

  it('names a missing path with its controls escaped', async () => {
    const missing = '/nope\x1b]0;PATH\x07\r\u202e';
    const r = await runCliProcess(['rootfs', f.archive, missing]);
    expectTerminalClean(r, 'rootfs of a missing path');
    expect(r.code).toBe(1);
    expect(r.stderr.toString('utf8')).toContain(terminalSafe(missing));
  });
});
