// memparse's flags with checkpointctl's letters and meanings (issue 17):
// every flag of `checkpointctl memparse --help` is in ours with its short
// letter; -o is --output FILE (never --format again); options that would be
// silently dropped are usage errors instead.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../electron/cli/exit-codes';
import { runCliCaptured } from '../../support/run-cli-captured';
import { CHECKPOINTCTL, assertCheckpointctl } from '../../support/peers';

const ARCHIVE = resolve(__dirname, '../../fixtures/podman-web-none.tar');
const dir = mkdtempSync(join(tmpdir(), 'h-mem-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('memparse flags', () => {
  it("lists every flag of checkpointctl's memparse --help, with its letter", async () => {
    assertCheckpointctl();
    const theirs = execFileSync(CHECKPOINTCTL, ['memparse', '--help'], { encoding: 'utf8' });
    const flags = [...theirs.matchAll(/^\s+-(\w), --([\w-]+)/gm)].map((m) => [m[1]!, m[2]!] as const);
    expect(flags.map(([, long]) => long).sort()).toEqual(
      ['context', 'help', 'output', 'pid', 'search', 'search-regex'].sort(),
    );
    const ours = await runCliCaptured(['memparse', '--help']);
    expect(ours.code).toBe(EXIT.ok);
    for (const [short, long] of flags) {
      if (long === 'help') continue;
      expect(ours.out, long).toMatch(new RegExp(`-${short}[,|] ?--${long}\\b`));
    }
    expect((await runCliCaptured(['memparse', '-h'])).code).toBe(EXIT.ok);
  });

  it('-o is --output FILE: the hexdump goes to the file, stdout says where', async () => {
    const file = join(dir, 'dump.bin');
    const r = await runCliCaptured(['memparse', ARCHIVE, '--pid', '1', '-o', file]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain(`to file: ${file}...`);
    expect(r.out).not.toMatch(/^[0-9a-f]{16} /m);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^Address +Hexadecimal +ASCII/);
    // Nothing folded in the file: every row, in order, 16 bytes apart within a run.
    expect(text).not.toMatch(/^\*$/m);
    expect(text.split('\n').filter((l) => /^[0-9a-f]{16} /.test(l)).length).toBe((72 * 1024) / 16);
  });

  it('-o that cannot be written fails (exit 1) before anything is printed', async () => {
    const r = await runCliCaptured(['memparse', ARCHIVE, '-p', '1', '-o', join(dir, 'no/such/dir/x')]);
    expect(r.code).toBe(EXIT.failure);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/cannot write the hexdump to .*ENOENT/);
  });

  it('options that would be dropped are usage errors', async () => {
    for (const args of [
      ['memparse', ARCHIVE, '-o', join(dir, 'y')],
      ['memparse', ARCHIVE, '-p', '1', '-s', 'PATH', '-o', join(dir, 'y')],
      ['memparse', ARCHIVE, '--format', 'json'],
      ['memparse', ARCHIVE, '--pid', '1', '--format', 'json'],
    ]) {
      const r = await runCliCaptured(args);
      expect(r.code, args.join(' ')).toBe(EXIT.usage);
      expect(existsSync(join(dir, 'y'))).toBe(false);
    }
  });

  it('-s with -i and -c, --search-hex and --format json keep working beside the letters', async () => {
    const caseless = await runCliCaptured(['memparse', ARCHIVE, '-p', '1', '-s', 'path=', '-i', '-c', '2']);
    expect(caseless.code).toBe(EXIT.ok);
    expect(caseless.out).toMatch(/^[0-9a-f]{16} +\S{2}PATH=\S* +1$/m);
    const hex = await runCliCaptured([
      'memparse',
      ARCHIVE,
      '--pid',
      '1',
      '--search-hex',
      '50415448',
      '--format',
      'json',
    ]);
    expect(hex.code).toBe(EXIT.ok);
    const json = JSON.parse(hex.out) as { summary: { matchCount: number }; matches: { context: string }[] };
    expect(json.summary.matchCount).toBeGreaterThan(0);
    // Context defaults to checkpointctl's 0: the match bytes alone.
    expect(json.matches.every((m) => m.context === '50415448')).toBe(true);
  });

  it('searching every process (no --pid, ours) adds PID and PROCESS columns; none found says so', async () => {
    const all = await runCliCaptured(['memparse', ARCHIVE, '-s', 'PATH']);
    expect(all.code).toBe(EXIT.ok);
    expect(all.out).toMatch(/^PID +PROCESS +ADDRESS +MATCH +INSTANCE$/m);
    expect(all.out).toMatch(/^6 +httpd +[0-9a-f]{16} +PATH +\d+$/m);
    const none = await runCliCaptured(['memparse', ARCHIVE, '-r', 'NO_SUCH_[0-9]{40}']);
    expect(none.out).toBe('No matches for pattern "NO_SUCH_[0-9]{40}" in the memory of any process\n');
  });
});
