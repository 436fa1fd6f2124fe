// Issue 18, hangs: `memparse --search-regex` with a catastrophic pattern and a
// JWT-like one over memory built to make a backtracking engine explode, and
// `findings` over the same memory and over a rootfs diff of 50,000 files
// and of files made of newlines. Each must end within the hostile budget
// with a result (or a clear refusal) and write nothing outside its cache.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingsReport, MemoryMatch, SearchSummary } from '../../../shared/dto/forensics';
import { HOSTILE_BUDGET, runCliProcess, terminalControls, type CliProcessResult } from '../../support/run-cli-process';
import {
  filledFile,
  memoryImages,
  rootfsTar,
  run,
  smallFile,
  writeCheckpoint,
  type PlantedRun,
} from './regex-archives';

const A_PAGES = 8192; // 32 MiB of 'a', then '!'
const JWT_PAGES = 2048; // 8 MiB of 'eyJ' repeated, then '!'
const DENSE_PAGES = 512; // 2 MiB of 'abcZ': a match of a big pattern every 1000 bytes
// Enough that one lookup per file over the member list (the old read path) runs for minutes; each file still costs
// one read of the archive, which bounds how many a test under the budget can afford on a loaded machine.
const FILES = 50_000;
const NEWLINE_RUN = 50 * 1024 * 1024;
const LINES_BEFORE_HITS = 3 * 1024 * 1024;
const HITS = 1000;

let dir: string;
let memoryArchive: string;
let manyFilesArchive: string;
let newlinesArchive: string;
let aRun: PlantedRun;
let jwtRun: PlantedRun;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'h-regex-cli-'));
  const { images, planted } = memoryImages([
    run('a', A_PAGES, '!'),
    run('eyJ', JWT_PAGES, '!'),
    run('abcZ', DENSE_PAGES, '!'),
  ]);
  [aRun, jwtRun] = planted as [PlantedRun, PlantedRun];
  memoryArchive = join(dir, 'memory.tar');
  writeCheckpoint(memoryArchive, images);

  const many = [
    ...Array.from({ length: FILES - 1 }, (_, i) => smallFile(`data/f${i}.txt`, `file ${i}\n`)),
    smallFile('data/last.conf', 'mode=prod\npassword = hunter22-last\n'),
  ];
  manyFilesArchive = join(dir, 'many-files.tar');
  writeCheckpoint(manyFilesArchive, memoryImages([]).images, rootfsTar(many));
  const hit = 'api_key=s3cr3tvalue42\n';
  const newlines = [
    filledFile('data/newlines.bin', NEWLINE_RUN, '\n'),
    {
      name: 'data/lines.txt',
      size: LINES_BEFORE_HITS + HITS * hit.length,
      write: (put: (b: Buffer) => void) => {
        filledFile('', LINES_BEFORE_HITS, '\n').write(put);
        put(Buffer.from(hit.repeat(HITS), 'latin1'));
      },
    },
  ];
  newlinesArchive = join(dir, 'newlines.tar');
  writeCheckpoint(newlinesArchive, memoryImages([]).images, rootfsTar(newlines));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<CliProcessResult> {
  const cache = join(dir, `cache-${Math.random().toString(36).slice(2)}`);
  const before = readdirSync(dir).sort();
  const r = await runCliProcess(args, { env: { XDG_CACHE_HOME: cache } });
  expect(r.timedOut, `${args.join(' ')} ran past ${HOSTILE_BUDGET.ms} ms`).toBe(false);
  expect(r.maxRssMiB).toBeLessThan(HOSTILE_BUDGET.rssMiB);
  expect(terminalControls(r.stdout)).toEqual([]);
  expect(terminalControls(r.stderr)).toEqual([]);
  // Nothing written beside the archives but the cache folder.
  expect(readdirSync(dir).filter((n) => !before.includes(n) && n !== cache.split('/').pop())).toEqual([]);
  return r;
}

function searchJson(r: CliProcessResult): { summary: SearchSummary; matches: MemoryMatch[] } {
  return JSON.parse(r.stdout.toString('utf8')) as { summary: SearchSummary; matches: MemoryMatch[] };
}

const inRun = (m: MemoryMatch, r: PlantedRun) => m.address >= r.address && m.address < r.address + r.bytes.length;

describe('memparse --search-regex over hostile memory (CLI, hostile budget)', () => {
  it('(a+)+$ over 32 MiB of a then !: ends, and finds nothing in the run', async () => {
    const r = await cli(['memparse', memoryArchive, '--search-regex', '(a+)+$', '--format', 'json']);
    expect(r.code).toBe(0);
    const { summary, matches } = searchJson(r);
    expect(summary.bytesSearched).toBeGreaterThan(aRun.bytes.length + jwtRun.bytes.length);
    expect(matches.filter((m) => inRun(m, aRun))).toEqual([]);
  }, 60_000);

  it('(a+)+! finds the end of the run, where the ! is', async () => {
    const r = await cli(['memparse', memoryArchive, '--search-regex', '(a+)+!', '--format', 'json']);
    expect(r.code).toBe(0);
    const ends = searchJson(r)
      .matches.filter((m) => inRun(m, aRun))
      .map((m) => m.address + m.length);
    expect(ends).toEqual([aRun.address + aRun.bytes.length]);
  }, 60_000);

  it('a JWT-like pattern over 8 MiB of eyJeyJ… with no dot: ends, nothing in the run', async () => {
    const jwtLike = 'eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*';
    const r = await cli(['memparse', memoryArchive, '--search-regex', jwtLike, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(searchJson(r).matches.filter((m) => inRun(m, jwtRun))).toEqual([]);
  }, 60_000);

  it('a big pattern with dense matches is stopped by MAX_REGEX_WORK, named, with what was read', async () => {
    const r = await cli(['memparse', memoryArchive, '--search-regex', '(?s).{0,1000}Z', '--format', 'json']);
    expect(r.code).toBe(3);
    expect(r.stderr.toString('utf8')).toMatch(/costs too much per match.*MAX_REGEX_WORK = 600000000/);
    const { summary } = searchJson(r);
    expect(summary.complete).toBe(false);
  }, 60_000);

  it('refuses a backreference with INVALID_ARGUMENT and says why', async () => {
    const r = await cli(['memparse', memoryArchive, '--search-regex', '(a+)\\1$']);
    expect(r.code).not.toBe(0);
    const err = r.stderr.toString('utf8');
    expect(err).toContain('backreference \\1');
    expect(err).toContain('linear-time engine');
    expect(err).toContain('INVALID_ARGUMENT');
  }, 60_000);
});

/** `findings --reveal` of a rootfs archive: the exit code, the problems, and where each value was seen. */
async function rootfsFindings(archive: string) {
  const r = await cli(['findings', archive, '--no-memory', '--format', 'json', '--reveal']);
  const report = JSON.parse(r.stdout.toString('utf8')) as FindingsReport;
  const whereOf = (value: string) =>
    report.findings.find((f) => (f as { value?: string }).value === value)?.locations.map((l) => l.where) ?? [];
  return { code: r.code, problems: report.problems, whereOf };
}

describe('findings over hostile input (CLI, hostile budget)', () => {
  it('scans the same memory (JWT rule over eyJeyJ…) and ends with a report', async () => {
    const r = await cli(['findings', memoryArchive, '--format', 'json']);
    const report = JSON.parse(r.stdout.toString('utf8')) as FindingsReport;
    expect(report.findings.some((f) => f.ruleId === 'jwt')).toBe(false);
    expect(report.problems).toEqual([]);
    expect(r.code).toBe(0);
  }, 60_000);

  it('a rootfs diff of 50,000 files: ends, and finds the secret in the last one with its line', async () => {
    const { code, problems, whereOf } = await rootfsFindings(manyFilesArchive);
    expect(whereOf('hunter22-last')).toEqual(['/data/last.conf:2']);
    expect(problems).toEqual([]);
    expect(code).toBe(0);
  }, 60_000);

  it('files of newlines (50 MB, and 3 MiB before 1000 hits): ends, right line numbers, names the skipped file', async () => {
    const { code, problems, whereOf } = await rootfsFindings(newlinesArchive);
    expect(whereOf('s3cr3tvalue42').slice(0, 2)).toEqual([
      `/data/lines.txt:${LINES_BEFORE_HITS + 1}`,
      `/data/lines.txt:${LINES_BEFORE_HITS + 2}`,
    ]);
    expect(problems).toEqual([expect.objectContaining({ where: '/data/newlines.bin', code: 'LIMIT_EXCEEDED' })]);
    expect(problems[0]?.message).toContain('MAX_ROOTFS_FILE');
    expect(code).not.toBe(0);
  }, 60_000);
});
