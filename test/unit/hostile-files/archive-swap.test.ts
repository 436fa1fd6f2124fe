// The archive is read and hashed through the descriptor opened first: a path
// that is (or becomes) a FIFO never blocks, and a report's sha256 is of the
// bytes analysed, whatever the path names by then.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../../electron/inspect/open-archive';
import { writeReport } from '../../../electron/inspect/report/write-report';
import { HOSTILE_BUDGET, runCliProcess, terminalControls } from '../../support/run-cli-process';

const SAMPLE = resolve(__dirname, '../../../resources/sample/sample-checkpoint.tar');
let dir: string;
let cacheDir: string;
let sample: Buffer;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'h-files-swap-'));
  cacheDir = join(dir, 'cache');
  await mkdir(cacheDir, { mode: 0o700 });
  await chmod(cacheDir, 0o700);
  sample = await readFile(SAMPLE);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A FIFO renamed over `path`, as another local user would swap it. */
function swapForFifo(path: string, tag: string): void {
  const fifo = join(dir, `fifo-${tag}`);
  execFileSync('mkfifo', [fifo]);
  execFileSync('mv', ['-f', fifo, path]);
}

describe('an archive path that is a FIFO', () => {
  it('before open: show and report end at once with a clear error (CLI, hostile budget)', async () => {
    const path = join(dir, 'checkpoint-fifo.tar');
    execFileSync('mkfifo', [path]);
    for (const args of [
      ['show', path],
      ['report', path, '--output', join(dir, 'never.html')],
    ]) {
      const r = await runCliProcess(args);
      expect(r.timedOut).toBe(false);
      expect(r.code).toBe(1);
      const err = r.stderr.toString();
      expect(err).toContain('is a FIFO');
      expect(err).toContain('ARCHIVE_UNSUPPORTED');
      expect(r.maxRssMiB).toBeLessThan(HOSTILE_BUDGET.rssMiB);
      expect(terminalControls(r.stderr)).toEqual([]);
    }
    await expect(readFile(join(dir, 'never.html'))).rejects.toThrow();
  });

  for (const [kind, bytes] of [
    ['plain', () => sample],
    ['gzip', () => gzipSync(sample)],
  ] as const) {
    it(`swapped in while a ${kind} archive is being opened: open, every read and the report's sha256 use the file opened`, async () => {
      const data = bytes();
      const path = join(dir, `checkpoint-${kind}.tar`);
      await writeFile(path, data);
      let swapped = false;
      const session = await openArchive(path, {
        archiveId: kind,
        cacheDir,
        // The first progress event comes from inside the open: the swap happens mid-open.
        onProgress: () => {
          if (swapped) return;
          swapped = true;
          swapForFifo(path, kind);
        },
      });
      try {
        expect(swapped).toBe(true);
        expect(session.summary().warnings.filter((w) => w.code === 'ARCHIVE_UNSUPPORTED')).toEqual([]);
        expect(await session.sha256()).toBe(sha(data));
        const out = join(dir, `report-${kind}.json`);
        await writeReport(session, out, 'json', { memory: false });
        const report = JSON.parse(await readFile(out, 'utf8')) as { archive: { sha256: string } };
        expect(report.archive.sha256).toBe(sha(data));
        // A rename of another file over the path changes nothing either.
        await writeFile(join(dir, 'other.tar'), Buffer.alloc(4096));
        await rename(join(dir, 'other.tar'), path);
        expect(await session.sha256()).toBe(sha(data));
        expect((await session.overview()).containerName).toBeTruthy();
      } finally {
        await session.close();
      }
    });
  }
});
