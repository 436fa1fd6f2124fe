// `build ARCHIVE IMAGE` drives buildah as checkpointctl build does (issue
// 17). A stand-in buildah on PATH records every call; checkpointctl itself
// is run against the same stand-in, so the annotations are compared with
// the ones it sets. The real buildah is exercised in
// test/integration/build-buildah.test.ts.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../../electron/cli/exit-codes';
import { runCliCaptured } from '../../support/run-cli-captured';
import { entry, file, tar } from '../../hostile/tar-writer';
import { CHECKPOINTCTL, assertCheckpointctl } from '../../support/peers';

const FIXTURES = resolve(__dirname, '../../fixtures');
const dir = mkdtempSync(join(tmpdir(), 'h-mem-build-'));
const bin = join(dir, 'bin');
const log = join(dir, 'calls');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A buildah that appends its arguments (one per line, a blank line after) to `log`; FAIL_ON=<subcommand> makes that call fail. */
function fakeBuildah(): void {
  mkdirSync(bin, { recursive: true });
  const script = `#!/bin/sh
for a in "$@"; do printf '%s\\n' "$a" >> "${log}"; done
printf '\\n' >> "${log}"
if [ "$1" = "$FAIL_ON" ]; then echo "no space left on device" >&2; exit 125; fi
if [ "$1" = from ]; then echo working-container-1; fi
exit 0
`;
  writeFileSync(join(bin, 'buildah'), script);
  chmodSync(join(bin, 'buildah'), 0o755);
}

function calls(): string[][] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n\n')
    .filter((c) => c.trim() !== '')
    .map((c) => c.split('\n').filter((l) => l !== ''));
}

function annotationsOf(all: string[][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const call of all.filter((c) => c[0] === 'config'))
    call.forEach((arg, i) => {
      if (call[i - 1] === '--annotation') {
        const eq = arg.indexOf('=');
        out[arg.slice(0, eq)] = arg.slice(eq + 1);
      }
    });
  return out;
}

let savedPath: string | undefined;
beforeEach(() => {
  fakeBuildah();
  rmSync(log, { force: true });
  savedPath = process.env.PATH;
  process.env.PATH = `${bin}:${savedPath ?? ''}`;
  delete process.env.FAIL_ON;
});
afterEach(() => {
  process.env.PATH = savedPath;
  delete process.env.FAIL_ON;
});

function checkpointctl(args: string[]): Promise<{ code: number; out: string; err: string }> {
  assertCheckpointctl();
  return new Promise((done) => {
    execFile(CHECKPOINTCTL, args, { env: process.env }, (error, out, err) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out, err }),
    );
  });
}

describe('build with a stand-in buildah', () => {
  for (const fixture of ['containerd-cri-web.tar', 'podman-web-none.tar']) {
    it(`${fixture}: from scratch, add, config, commit, rm; checkpointctl's annotations`, async () => {
      const archive = join(FIXTURES, fixture);
      const ours = await runCliCaptured(['build', archive, 'localhost/h-mem/ours:1']);
      expect(ours.code, ours.err).toBe(EXIT.ok);
      const mine = calls();
      expect(mine.map((c) => c[0])).toEqual(['from', 'add', 'config', 'commit', 'rm']);
      expect(mine[0]).toEqual(['from', 'scratch']);
      expect(mine[1]).toEqual(['add', 'working-container-1', archive]);
      expect(mine[3]).toEqual(['commit', 'working-container-1', 'localhost/h-mem/ours:1']);
      expect(mine[4]).toEqual(['rm', 'working-container-1']);
      const annotations = annotationsOf(mine);
      for (const [k, v] of Object.entries(annotations)) expect(ours.out).toContain(`Added annotation: ${k}=${v}\n`);
      expect(ours.out).toContain(`Image 'localhost/h-mem/ours:1' created successfully from checkpoint '${archive}'`);

      rmSync(log, { force: true });
      const theirs = await checkpointctl(['build', archive, 'localhost/h-mem/theirs:1']);
      expect(theirs.code, theirs.err).toBe(0);
      const ref = calls();
      expect(ref.map((c) => c[0]).filter((c) => c !== 'config')).toEqual(['from', 'add', 'commit', 'rm']);
      expect(annotations).toEqual(annotationsOf(ref));
      expect(annotations['org.criu.checkpoint.engine.name']).toBe(
        fixture.startsWith('podman') ? 'Podman' : 'containerd',
      );
      expect(annotations['org.criu.checkpoint.container.name']).toBe('web');
    });
  }

  it('a failing buildah step fails the build (exit 1, its stderr shown) and the working container is still removed', async () => {
    process.env.FAIL_ON = 'commit';
    const r = await runCliCaptured(['build', join(FIXTURES, 'podman-web-none.tar'), 'localhost/h-mem/x:1']);
    expect(r.code).toBe(EXIT.failure);
    expect(r.err).toContain('buildah commit failed: no space left on device');
    expect(r.out).not.toContain('created successfully');
    expect(calls().map((c) => c[0])).toEqual(['from', 'add', 'config', 'commit', 'rm']);
  });

  it('without buildah on PATH: a clear error naming the package, exit 1', async () => {
    process.env.PATH = join(dir, 'empty');
    const r = await runCliCaptured(['build', join(FIXTURES, 'podman-web-none.tar'), 'localhost/h-mem/x:1']);
    expect(r.code).toBe(EXIT.failure);
    expect(r.err).toMatch(/build needs buildah, which is not on PATH \(Debian and Ubuntu: apt-get install buildah/);
    expect(calls()).toEqual([]);
  });

  it('an archive without config.dump fails before buildah runs, as in checkpointctl', async () => {
    const archive = join(dir, 'no-config.tar');
    writeFileSync(archive, tar(file('spec.dump', '{}'), entry({ name: 'checkpoint/', type: '5', size: 0 })));
    const r = await runCliCaptured(['build', archive, 'localhost/h-mem/x:1']);
    expect(r.code).toBe(EXIT.failure);
    expect(r.err).toContain('config.dump');
    expect(calls()).toEqual([]);
    const theirs = await checkpointctl(['build', archive, 'localhost/h-mem/x:1']);
    expect(theirs.code).not.toBe(0);
  });

  it('usage: two arguments', async () => {
    expect((await runCliCaptured(['build', join(FIXTURES, 'podman-web-none.tar')])).code).toBe(EXIT.usage);
    expect((await runCliCaptured(['build', 'a', 'b', 'c'])).code).toBe(EXIT.usage);
    expect((await runCliCaptured(['build', '--help'])).code).toBe(EXIT.ok);
  });
});
