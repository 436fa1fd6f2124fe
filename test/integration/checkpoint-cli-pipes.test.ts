// `checkpoint-inspector ... | head -1` (and `| true`, whose reader is gone
// before the first write, so every write meets EPIPE) ends quietly: exit 0,
// no stack trace, no INTERNAL, on reading commands and on containerd
// commands; a checkpoint whose stdout reader left still writes its archive.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestbed, testbedGate, type TestbedState } from '../testbed/testbed';
import { bundleCli } from './support/checkpoint-cli-run';

const run = promisify(execFile);
const skip = testbedGate();
const FIXTURE = path.resolve(__dirname, '../fixtures/containerd-cri-web.tar');

describe.skipIf(skip)('the CLI piped into a reader that leaves (testbed)', () => {
  let tb: TestbedState;
  let cli: string;
  let dir: string;

  beforeAll(async () => {
    tb = await ensureTestbed();
    cli = await bundleCli('h-paths-cli');
    dir = await mkdtemp(path.join(os.tmpdir(), 'h-paths-pipes-'));
  }, 600_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

  /** Runs `cli ARGS | reader` under pipefail: the CLI's exit code, its stderr. */
  async function piped(args: string[], reader: string): Promise<{ code: number; err: string }> {
    const errFile = path.join(dir, `err-${Math.random().toString(36).slice(2)}`);
    const line = `set -o pipefail; ${[process.execPath, cli, ...args].map(quote).join(' ')} 2>${quote(errFile)} | ${reader} >/dev/null`;
    const code = await run('bash', ['-c', line], {
      env: { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'xdg') },
    }).then(
      () => 0,
      (e: { code?: number }) => e.code ?? -1,
    );
    return { code, err: await readFile(errFile, 'utf8') };
  }

  function quiet(r: { code: number; err: string }, what = 'checkpoint'): void {
    expect(r.err, what).not.toMatch(/\n\s+at |EPIPE|INTERNAL|stdout was closed/);
    expect(r.code, what).toBe(0);
  }

  const reading = () => [
    ['containers', '--address', tb.socket],
    ['inspect', '--all', FIXTURE],
    ['show', FIXTURE],
    ['memparse', FIXTURE],
    ['list', path.dirname(FIXTURE)],
  ];

  it.each(['head -1', 'true'])('reading and containerd commands | %s', async (reader) => {
    for (const args of reading()) quiet(await piped(args, reader), args.join(' '));
  });

  it.each(['head -1', 'true'])('checkpoint | %s: the archive is written, the end is quiet', async (reader) => {
    const output = path.join(dir, `web-${reader.replace(/\W/g, '')}.tar`);
    const r = await piped(
      ['checkpoint', tb.workloads.web.containerId, '--address', tb.socket, '--output', output],
      reader,
    );
    quiet(r);
    expect(r.err).toMatch(/done via (cri|native): \d+ bytes/);
    expect(existsSync(output)).toBe(true);
  });
});
