import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type ArchiveIndex } from '../../../electron/archive/index';
import { AppError } from '../../../shared/errors';
import { generateHostileCases, hostileCases } from '../../hostile/generate';

const MiB = 1024 * 1024;
const MEMORY_BOUND = 200 * MiB;
const HANG_AFTER_MS = 20_000;
let root: string;
let sentinel: string;
let cacheDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ci-hostile-'));
  sentinel = join(root, 'sentinel');
  cacheDir = join(sentinel, 'cache');
  await mkdir(cacheDir, { recursive: true, mode: 0o700 });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.map(String).sort();
}

/** Peak RSS above the start while the promise runs, sampled between awaits. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  const start = process.memoryUsage().rss;
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss - start);
  }, 2);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss - start);
    return { result, peak };
  } finally {
    clearInterval(timer);
  }
}

function withinTime<T>(promise: Promise<T>, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: no answer after ${HANG_AFTER_MS} ms (hang)`)), HANG_AFTER_MS);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

const HEADER_ONLY = ['1', '2', '3', '4', '5', '6'];
const archiveCases = hostileCases.filter((c) => c.level === 'archive');

describe('hostile archives', () => {
  it('has at least 25 archive-level cases with unique names', () => {
    expect(archiveCases.length).toBeGreaterThanOrEqual(25);
    expect(new Set(hostileCases.map((c) => c.name)).size).toBe(hostileCases.length);
  });

  it.each(archiveCases.map((c) => [c.name, c] as const))(
    '%s',
    async (name, c) => {
      const caseRoot = join(root, 'cases');
      const [generated] = await generateHostileCases(caseRoot, { names: [name] });
      const caseFiles = await tree(caseRoot);
      expect(await tree(sentinel)).toEqual(['cache']);

      const { result, peak } = await withPeakRss(async () => {
        try {
          return await withinTime(
            openArchive(generated!.path, { cacheDir, ...(c.limits ? { limits: c.limits } : {}) }),
            name,
          );
        } catch (error) {
          return error;
        }
      });

      if (c.expect === 'error') {
        expect(result).toBeInstanceOf(AppError);
        expect((result as AppError).code).toBe(c.code);
        expect((result as AppError).message.length).toBeGreaterThan(10);
      } else {
        if (!(result && typeof result === 'object' && 'members' in result)) throw result;
        const index = result as ArchiveIndex;
        try {
          if (c.expect === 'partial') expect(index.problems.map((p) => p.code)).toContain(c.code);
          else expect(index.problems).toEqual([]);
          for (const [member, type] of c.members ?? []) expect(index.get(member)?.type).toBe(type);
          // Links, directories, devices and fifos carry no data: nothing to follow or read.
          for (const m of index.members)
            if (HEADER_ONLY.includes(m.typeflag)) expect(await index.read(m, 0, 10)).toHaveLength(0);
        } finally {
          await index.close();
        }
      }
      expect(peak).toBeLessThan(MEMORY_BOUND);
      expect(await tree(sentinel)).toEqual(['cache']);
      expect(await tree(caseRoot)).toEqual(caseFiles);
      await rm(join(caseRoot, name), { recursive: true, force: true });
    },
    60_000,
  );
});
