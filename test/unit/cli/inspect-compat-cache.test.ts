// The cache folder is made only when an archive needs a decompressed copy:
// checkpointctl's "inspect --ps-tree-cmd as non-root" scenario (nobody, with
// a $HOME that does not exist) works on a plain tar, and a compressed one
// leaves nothing behind.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PODMAN_SPEC, writeCompatArchive } from '../../support/compat-archives';
import { runCliCaptured } from '../../support/run-cli-captured';

const ROOT = resolve(__dirname, '../../..');
const CLI = resolve(ROOT, 'dist/cli/cli.cjs');
const NOBODY = 65534;

let dir: string;
let plain: string;
const saved = { xdg: process.env['XDG_CACHE_HOME'] };

/** Every path under `base`, relative, so that a test can say nothing was made there. */
function under(base: string): string[] {
  return existsSync(base) ? readdirSync(base, { recursive: true, encoding: 'utf8' }) : [];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'h-inspect-cache-'));
  chmodSync(dir, 0o755);
  plain = writeCompatArchive(dir, 'test.tar', {
    top: { 'config.dump': '{}', 'spec.dump': PODMAN_SPEC },
    images: /^(pstree|core-\d+|pagemap-\d+|pages-\d+|mm-\d+)\.img$/,
  });
  chmodSync(plain, 0o644);
});
afterAll(() => {
  if (saved.xdg === undefined) delete process.env['XDG_CACHE_HOME'];
  else process.env['XDG_CACHE_HOME'] = saved.xdg;
  rmSync(dir, { recursive: true, force: true });
});

describe('the cache folder', () => {
  it('is not made for a plain tar', async () => {
    const cache = join(dir, 'xdg-plain');
    process.env['XDG_CACHE_HOME'] = cache;
    const r = await runCliCaptured(['inspect', plain, '--ps-tree-cmd']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/└── \[1\] {2}\/bin\/sh -c /);
    expect(existsSync(cache)).toBe(false);
  });

  it('is made for a compressed archive, and what was made under it is removed at the end', async () => {
    const cache = join(dir, 'xdg-gzip');
    process.env['XDG_CACHE_HOME'] = cache;
    const r = await runCliCaptured(['inspect', join(ROOT, 'test/fixtures/podman-web-gzip.tar.gz')]);
    expect(r.code).toBe(0);
    // The shared base stays (other runs use it); this run's own folder is gone.
    expect(under(cache)).toEqual(['checkpoint-inspector', join('checkpoint-inspector', 'cache')]);
  });

  it(`lets a user whose $HOME does not exist inspect --ps-tree-cmd a plain tar (${process.getuid?.() === 0 ? 'as nobody' : 'as this user'})`, async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`node scripts/build.mjs cli\` first`);
    // As root, mkdir /nonexistent would succeed: drop to nobody, as checkpointctl's suite does with sudo -u nobody.
    const asRoot = process.getuid?.() === 0;
    const r = await new Promise<{ code: number | null; out: string; err: string }>((done, fail) => {
      const child = spawn(process.execPath, [CLI, 'inspect', plain, '--ps-tree-cmd'], {
        cwd: dir,
        env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: '/nonexistent' },
        ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('error', fail);
      child.on('close', (code) => done({ code, out, err }));
    });
    // The one thing such a user cannot have is the custody log (in $HOME): said on one line, the command goes on.
    const errLines = r.err.split('\n').filter((l) => l !== '');
    expect(errLines).toHaveLength(1);
    expect(errLines[0]).toMatch(/custody\.jsonl: the custody log could not be written .*PERMISSION_DENIED/);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n').filter((l) => l !== '');
    expect(lines[9]).toContain('Process tree');
    expect(lines[10]).toContain('/bin/sh -c');
    expect(existsSync('/nonexistent')).toBe(false);
  }, 30_000);
});
