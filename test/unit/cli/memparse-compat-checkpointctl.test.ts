// `memparse` beside the real checkpointctl (../shared/peers/checkpointctl) on
// every fixture, with checkpointctl's own flags (test/checkpointctl.bats's
// memparse scenarios and the letters of its --help): the same exit status
// class and the same facts. The size table and the `-o FILE` hexdump are
// byte for byte its own; the hexdump on stdout folds rows by their bytes where
// checkpointctl folds rows that only look alike in the ASCII column, so every
// row it prints is ours and every further row of ours is one it hid.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/run-cli-captured';
import { CHECKPOINTCTL, assertCheckpointctl } from '../../support/peers';

const FIXTURES = resolve(__dirname, '../../fixtures');
// checkpointctl opens no OCI images: the checkpoint inside podman-web-oci.tar is podman-web-none.tar, compared here.
const fixtures = readdirSync(FIXTURES).filter((f) => /\.tar(\.gz|\.zst)?$/.test(f) && !/-oci\.tar$/.test(f));
const dir = mkdtempSync(join(tmpdir(), 'h-mem-compat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  out: string;
  err: string;
}

function checkpointctl(args: string[]): Promise<Run> {
  assertCheckpointctl();
  return new Promise((done) => {
    execFile(CHECKPOINTCTL, args, { maxBuffer: 256 << 20 }, (error, out, err) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out, err });
    });
  });
}

async function both(args: string[]): Promise<{ theirs: Run; ours: Run }> {
  const theirs = await checkpointctl(args);
  const ours = await runCliCaptured(args);
  // The exit status class: 0, or not 0.
  expect(ours.code === 0, `${args.join(' ')}: ours ${ours.code} (${ours.err}), checkpointctl ${theirs.code}`).toBe(
    theirs.code === 0,
  );
  return { theirs, ours };
}

/** A fixture's config.dump, spec.dump and the checkpoint/ images `keep` keeps, as a new tar (the bats scenarios' archives). */
function cutDown(name: string, fixture: string, keep: (image: string) => boolean): string {
  const tree = join(dir, name);
  mkdirSync(tree);
  execFileSync('tar', ['-x', '-C', tree, '-f', join(FIXTURES, fixture), 'config.dump', 'spec.dump', 'checkpoint']);
  for (const f of readdirSync(join(tree, 'checkpoint'))) if (!keep(f)) rmSync(join(tree, 'checkpoint', f));
  const archive = join(dir, `${name}.tar`);
  execFileSync('tar', ['-c', '-C', tree, '-f', archive, '.']);
  return archive;
}

const HEX_ROW = /^([0-9a-f]{16}) {2}((?:[0-9a-f]{2} ){1,16}) *\|(.*)\|$/;

describe('memparse beside checkpointctl on every fixture', () => {
  it('has fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(4);
  });

  for (const f of fixtures) {
    const archive = join(FIXTURES, f);

    it(`${f}: the memory size table is checkpointctl's (rows in either order)`, async () => {
      const { theirs, ours } = await both(['memparse', archive]);
      // checkpointctl walks the children of a process from a Go map: their order varies from run to run.
      const lines = (text: string) => [...text.split('\n').slice(0, 6), ...text.split('\n').slice(6).sort()];
      expect(lines(ours.out)).toEqual(lines(theirs.out));
      expect(ours.out).toMatch(/^1 +sh +\d/m);
    });

    it(`${f}: --pid 1 hexdump shows every row checkpointctl shows, and only rows it folded besides`, async () => {
      const { theirs, ours } = await both(['memparse', archive, '--pid', '1']);
      const theirLines = theirs.out.split('\n');
      const ourLines = ours.out.split('\n');
      // The banner and header lines are the same.
      expect(ourLines.slice(0, 5)).toEqual(theirLines.slice(0, 5));
      // bats counts lines without the empty ones: its lines[3] is the first row.
      expect(ourLines.filter(Boolean)[3]).toMatch(HEX_ROW);
      const theirRows = new Set(theirLines.filter((l) => HEX_ROW.test(l)));
      const ourRows = ourLines.filter((l) => HEX_ROW.test(l));
      for (const row of theirRows) expect(ourRows, row).toContain(row);
      let last: string | undefined;
      let extra = 0;
      for (const row of ourRows) {
        const ascii = HEX_ROW.exec(row)![3];
        if (!theirRows.has(row)) {
          // checkpointctl hid it under a '*': its ASCII column repeats the row before it.
          expect(ascii, row).toBe(last);
          extra++;
        }
        last = ascii;
      }
      expect(ourRows.length).toBe(theirRows.size + extra);
    });

    it(`${f}: -o FILE writes checkpointctl's file, byte for byte, and says so on stdout`, async () => {
      const mine = join(dir, `${f}-ours.txt`);
      const ref = join(dir, `${f}-theirs.txt`);
      const theirs = await checkpointctl(['memparse', archive, '-p', '1', '-o', ref]);
      const ours = await runCliCaptured(['memparse', archive, '-p', '1', '-o', mine]);
      expect(theirs.code).toBe(0);
      expect(ours.code).toBe(0);
      expect(ours.out.replace(mine, ref)).toBe(theirs.out);
      expect(readFileSync(mine).length).toBeGreaterThan(1000);
      expect(readFileSync(mine).equals(readFileSync(ref))).toBe(true);
      const long = await runCliCaptured(['memparse', archive, '--pid', '1', '--output', mine]);
      expect(long.code).toBe(0);
      expect(readFileSync(mine).equals(readFileSync(ref))).toBe(true);
    });

    for (const flags of [
      ['--search=PATH'],
      ['-s', 'PATH'],
      ['--search=PATH', '--context=10'],
      ['-s', 'PATH', '-c', '10'],
      ['--search-regex=HOME=([^?]+)'],
      ['-r', 'HOME=([^?]+)', '-c', '3'],
      ['--search=NON_EXISTING_PATTERN'],
    ]) {
      it(`${f}: memparse ${flags.join(' ')} --pid=1 prints checkpointctl's table`, async () => {
        const { theirs, ours } = await both(['memparse', ...flags, archive, '--pid=1']);
        expect(ours.out).toBe(theirs.out);
        expect(ours.err).toBe('');
      });
    }

    it(`${f}: a pid not in the tree, and a negative context, fail with checkpointctl's words`, async () => {
      for (const args of [
        ['memparse', archive, '--pid=9999'],
        ['memparse', '--search=PATH', archive, '--pid=999'],
        ['memparse', '--search=PATH', '--context=-1', archive, '--pid=1'],
        ['memparse', '-s', 'PATH', '-c', '-1', archive, '-p', '1'],
      ]) {
        const { theirs, ours } = await both(args);
        expect(ours.out, args.join(' ')).toBe('');
        // Its "Error: <message>" is our "checkpoint-inspector: <message>".
        const reason = theirs.err.replace(/^Error: /, '').trim();
        expect(ours.err, args.join(' ')).toContain(reason);
      }
    });
  }

  it('an archive without checkpoint/pstree.img fails in both, naming it', async () => {
    // As the bats scenario: config.dump, spec.dump, and the images but pstree.img.
    const archive = cutDown('no-pstree', 'podman-web-none.tar', (f) => f !== 'pstree.img');
    const { theirs, ours } = await both(['memparse', archive]);
    expect(theirs.err).toContain('no such file or directory');
    expect(ours.err).toContain('pstree.img');
  });

  it('an archive without pages-*.img: the sizes from the pagemaps, status 0, as checkpointctl', async () => {
    // The bats scenario "memparse with tar file": pstree, core, pagemap and mm images only.
    const archive = cutDown('no-pages', 'containerd-cri-web.tar', (f) =>
      /^(pstree|core-\d+|pagemap-\d+|mm-\d+)\.img$/.test(f),
    );
    const { theirs, ours } = await both(['memparse', archive]);
    expect(ours.code).toBe(0);
    expect(ours.err).toBe('');
    const sorted = (text: string) => text.split('\n').filter(Boolean).sort();
    expect(sorted(ours.out)).toEqual(sorted(theirs.out));
    expect(ours.out.split('\n').filter(Boolean)[3]).toMatch(/^1 +sh +76\.0 KiB/);
  });

  it('a missing archive fails in both', async () => {
    const { ours } = await both(['memparse', join(dir, 'no-such.tar')]);
    expect(ours.err).toMatch(/no such file/i);
  });
});
