// Issue 18, memory map and file tables through the built CLI: overlapping
// pagemap entries, a layout that made the memory map quadratic, a VMA of
// 2^40 bytes hexdumped, 100,000 descriptors sharing one file entry, and a
// files.img of a million entries. Every command ends within the hostile
// budget with a result (exit 0, or 3 with the problems on stderr) or a clear
// error, prints no control character, and writes nothing beside its cache.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEXDUMP_DEFAULT_BYTES, MAX_FILE_ROWS } from '../../../electron/inspect/limits';
import { hostileCli } from '../../support/hostile-cli';
import { runCliProcess } from '../../support/run-cli-process';
import { writeMemmapArchives, type MemmapArchive } from './memmap-archives';

let dir: string;
let archives: Record<MemmapArchive, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'h-memmap-cli-'));
  archives = await writeMemmapArchives(dir);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) => hostileCli(dir, args);

const COMMANDS: [string, (archive: string) => string[]][] = [
  ['inspect --files', (a) => ['inspect', a, '--files']],
  ['inspect --sockets', (a) => ['inspect', a, '--sockets']],
  ['memparse --pid 1', (a) => ['memparse', a, '--pid', '1']],
  ['memparse --search --format json', (a) => ['memparse', a, '--search', 'busybox', '--format', 'json']],
  ['inspect --all --format json', (a) => ['inspect', a, '--all', '--format', 'json']],
];
const NAMES: MemmapArchive[] = [
  'overlapping-pagemap',
  'interleaved-layout',
  'huge-vma',
  'shared-file-entry',
  'million-files',
];

describe.each(NAMES)('%s through the CLI', (name) => {
  it.each(COMMANDS)(
    '%s ends within the budget with a result',
    async (_label, args) => {
      const r = await cli(args(archives[name]));
      if (args('').includes('json')) expect(() => JSON.parse(r.out) as unknown).not.toThrow();
      // A hostile image names its problems; it never floods stderr with one line per bad entry.
      expect(r.err.split('\n').length).toBeLessThan(1000);
    },
    60_000,
  );
});

describe('what the CLI says about each', () => {
  it('names the overlapping pagemap entries, counting those past the listed ones', async () => {
    const r = await cli(['memparse', archives['overlapping-pagemap'], '--pid', '1']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/pagemap ranges at 0x1000000000 and 0x1000000000 overlap; the second is ignored/);
    expect(r.err).toMatch(/: \d{6} more overlapping pagemap entries not listed \(MAX_LISTED_PROBLEMS = 50 per kind\)/);
    expect(r.out).toContain('Displaying memory pages content for process ID 1');
  }, 60_000);

  it('hexdumps the dumped pages of a process with 100,000 VMAs and pagemap entries interleaved', async () => {
    const r = await cli(['memparse', archives['interleaved-layout'], '--pid', '1']);
    // Two in three entries are PE_PARENT and no parent is given: printed, then named as missing (exit 3).
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/bytes are in the parent dump \(a pre-checkpoint\), which is not attached/);
    expect(r.out).toMatch(/\n[0-9a-f]{16} {2}([0-9a-f]{2} ){16} \|.{16}\|\n/);
    const usage = await cli(['memparse', archives['interleaved-layout']]);
    expect(usage.out).toMatch(/\n1 +sh +76\.0 KiB/);
  }, 60_000);

  it('pages through the hexdump of a VMA claiming 2^40 bytes', async () => {
    const a = archives['huge-vma'];
    const whole = await cli(['memparse', a, '--pid', '1']);
    // A pagemap entry claims 2^28 pages from a parent dump and no parent is given: named, exit 3.
    expect(whole.code).toBe(3);
    expect(whole.err).toMatch(/in the parent dump/);
    const rows = (text: string) => text.split('\n').filter((l) => /^[0-9a-f]{16} {2}/.test(l) || l === '*');
    const all = rows(whole.out);
    expect(all.length).toBeGreaterThan(100);
    expect(all.length).toBeLessThan(HEXDUMP_DEFAULT_BYTES / 16);
    const first = await cli(['memparse', a, '--pid', '1', '--length', '4096']);
    expect(first.err).toMatch(/showed dumped bytes 0\.\.4096 of \d+ \(--length\); continue with --offset 4096\n/);
    const second = await cli(['memparse', a, '--pid', '1', '--offset', '4096', '--length', '0x1000']);
    expect(second.err).toMatch(/continue with --offset 8192\n/);
    // The two pages, one after the other, are the first rows of the whole dump (a fold may end at a page's edge).
    const paged = [...rows(first.out), ...rows(second.out)];
    expect(paged.filter((l) => l !== '*')).toEqual(
      all.filter((l) => l !== '*').slice(0, paged.filter((l) => l !== '*').length),
    );
    const bad = await runCliProcess(['memparse', a, '--pid', '1', '--length', '-1']);
    expect(bad.code).toBe(2);
  }, 60_000);

  it('bounds 100,000 descriptors sharing a file entry with a 64 KiB name, naming the limits', async () => {
    const r = await cli(['inspect', archives['shared-file-entry'], '--files', '--format', 'json']);
    expect(r.code).toBe(3);
    const [node] = JSON.parse(r.out) as {
      file_descriptors?: { open_files?: { path: string }[] }[];
      problems: { code: string; message: string }[];
    }[];
    const files = node!.file_descriptors!.flatMap((p) => p.open_files ?? []);
    expect(files.length).toBeGreaterThan(1000);
    expect(files.length).toBeLessThanOrEqual(MAX_FILE_ROWS);
    const messages = node!.problems.map((p) => p.message).join('\n');
    expect(messages).toMatch(
      /the files view stops at \d+ of 300000 descriptors \(MAX_FILE_VIEW_CHARS = \d+\): \d+ not listed/,
    );
    expect(messages).toMatch(/file id 9999: name of 65537 characters cut to MAX_PATH_CHARS = 4096/);
    expect(r.err).toContain('(LIMIT_EXCEEDED)');
  }, 60_000);

  it('lists the descriptors of a dump whose files.img holds a million entries', async () => {
    const r = await cli(['inspect', archives['million-files'], '--files']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('/dev/null');
    expect(r.out).toContain('/data/log.txt');
  }, 60_000);
});
