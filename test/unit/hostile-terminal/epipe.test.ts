// `checkpoint-inspector ... | head -1`: when the reader of stdout goes away the CLI ends quietly with status 0.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_BUDGET, runCliProcess } from '../../support/run-cli-process';
import { writeCorruptFixture } from '../../support/corrupt-member';
import { EXIT } from '../../../electron/cli/exit-codes';
import { SAMPLE, makeHostileFiles, type HostileFiles } from './hostile-files';

const CLI = resolve(__dirname, '../../../dist/cli/cli.cjs');

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  firstLine: string;
}

/**
 * Runs the built CLI with stdout on a pipe whose reader closes it: at once
 * ('closed': every write fails), or after the first line ('first-line', as
 * `head -1`).
 */
function runWithReader(args: string[], reader: 'closed' | 'first-line'): Promise<Ended> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    if (reader === 'closed') child.stdout.destroy();
    else
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        if (out.includes('\n')) child.stdout.destroy();
      });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), HOSTILE_BUDGET.ms);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stderr, firstLine: out.split('\n')[0] ?? '' });
    });
  });
}

/** Nothing on stderr that speaks of the broken pipe: no stack trace, no unhandled error. */
const NOISE = /EPIPE|Error|unhandled|\n\s+at |write after|destroyed/i;
/** stderr without `list`'s line for the broken file it was given (checkpointctl's wording, "Error extracting information from"). */
const told = (stderr: string): string => stderr.replace(/^Error extracting information from .*$/gm, '');

let f: HostileFiles;
let corrupt: string;
beforeAll(async () => {
  f = await makeHostileFiles();
  corrupt = writeCorruptFixture(resolve(f.dir, 'corrupt.tar'));
});
afterAll(() => f.remove());

const COMMANDS: [string, (f: HostileFiles) => string[]][] = [
  ['--help', () => ['--help']],
  ['show', (f) => ['show', f.archive, SAMPLE]],
  ['inspect --all', (f) => ['inspect', f.archive, '--all']],
  ['inspect --all --format json', (f) => ['inspect', f.archive, '--all', '--format', 'json']],
  ['memparse', (f) => ['memparse', f.archive]],
  ['memparse --pid', (f) => ['memparse', f.archive, '--pid', '1']],
  ['memparse --search-hex (many matches)', (f) => ['memparse', f.archive, '--search-hex', '00']],
  ['memparse --search --format json', (f) => ['memparse', f.archive, '--search', 'log', '--format', 'json']],
  ['findings', (f) => ['findings', f.archive]],
  ['findings --format json', (f) => ['findings', f.archive, '--format', 'json']],
  ['rootfs', (f) => ['rootfs', f.archive]],
  ['rootfs PATH', () => ['rootfs', SAMPLE, '/www/index.html']],
  ['diff', (f) => ['diff', f.archive, SAMPLE, '--any-container']],
  ['diff --format json', (f) => ['diff', f.archive, SAMPLE, '--format', 'json', '--any-container']],
  ['list', (f) => ['list', f.listDir]],
  ['decode', (f) => ['decode', f.archive, 'files.img']],
];

describe('a reader that closes stdout ends the CLI quietly with status 0', () => {
  it.each(COMMANDS)('%s, stdout closed before the first write', async (name, args) => {
    const r = await runWithReader(args(f), 'closed');
    expect(r.signal, name).toBeNull();
    expect(r.code, `${name}: ${r.stderr}`).toBe(EXIT.ok);
    expect(told(r.stderr), name).not.toMatch(NOISE);
  });

  it.each(COMMANDS)('%s, stdout closed after the first line', async (name, args) => {
    const r = await runWithReader(args(f), 'first-line');
    expect(r.signal, name).toBeNull();
    expect(r.code, `${name}: ${r.stderr}`).toBe(EXIT.ok);
    expect(told(r.stderr), name).not.toMatch(NOISE);
  });

  it('status 0 even where a full run would say "incomplete": the reader, not the archive, ended it', async () => {
    const full = await runCliProcess(['inspect', corrupt, '--all']);
    expect(full.code).toBe(EXIT.incomplete);
    const r = await runWithReader(['inspect', corrupt, '--all'], 'closed');
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stderr).not.toMatch(/\n\s+at |unhandled|EPIPE/i);
  });

  it('in a real shell pipeline into head -1', async () => {
    const r = await new Promise<{ code: number | null; out: string; err: string }>((done, fail) => {
      const child = spawn(
        'bash',
        ['-c', '"$NODE" "$CLI" memparse "$ARCHIVE" --search-hex 00 | head -1; echo "status ${PIPESTATUS[0]}" >&2'],
        {
          env: { ...process.env, NODE: process.execPath, CLI, ARCHIVE: f.archive },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
      child.on('error', fail);
      child.on('close', (code) => done({ code, out, err }));
    });
    expect(r.out).toMatch(/^PID +PROCESS +ADDRESS[^\n]*\n$/);
    expect(r.err).toBe('status 0\n');
  });
});
