import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../../electron/inspect/open-archive';
import type { InspectSession } from '../../../electron/inspect/session';
import { AppError } from '../../../shared/errors';
import { generateHostileCases, hostileCases } from '../../hostile/generate';
import { names, runAllViews, type ViewOutcome } from './run-views';

const MiB = 1024 * 1024;
const MEMORY_BOUND = 200 * MiB;
const TIME_BOUND_MS = 10_000;
const criuCases = hostileCases.filter((c) => c.level === 'criu');
let root: string;
let sentinel: string;
let cacheDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ci-criu-hostile-'));
  sentinel = join(root, 'sentinel');
  cacheDir = join(sentinel, 'cache');
  await mkdir(cacheDir, { recursive: true, mode: 0o700 });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const tree = async (dir: string) => (await readdir(dir, { recursive: true })).map(String).sort();

/** Peak RSS above the start while the work runs, sampled between awaits. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  const start = process.memoryUsage().rss;
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss - start)), 2);
  try {
    const result = await work();
    return { result, peak: Math.max(peak, process.memoryUsage().rss - start) };
  } finally {
    clearInterval(timer);
  }
}

type Run = { session: InspectSession; views: ViewOutcome[] } | { openError: unknown };

describe('hostile CRIU images through the inspection core', () => {
  it('has the CRIU cases, and with the archive cases well over 25', () => {
    expect(criuCases.length).toBeGreaterThanOrEqual(12);
    expect(hostileCases.length).toBeGreaterThan(50);
  });

  it.each(criuCases.map((c) => [c.name, c] as const))(
    '%s',
    async (name, c) => {
      const caseRoot = join(root, 'cases');
      const [generated] = await generateHostileCases(caseRoot, { names: [name] });
      const caseFiles = await tree(caseRoot);
      const member = c.member ?? '';
      const began = Date.now();
      const { result, peak } = await withPeakRss(async (): Promise<Run> => {
        let session: InspectSession;
        try {
          session = await openArchive(generated!.path, { archiveId: name, cacheDir });
        } catch (error) {
          return { openError: error };
        }
        return { session, views: await runAllViews(session) };
      });
      const elapsed = Date.now() - began;

      if ('openError' in result) {
        expect(result.openError).toBeInstanceOf(AppError);
        expect(c.expect).toBe('error');
        if (c.code) expect((result.openError as AppError).code).toBe(c.code);
      } else {
        const { session, views } = result;
        try {
          expect(c.expect).not.toBe('error');
          const failures = views.filter((v) => !v.ok);
          const warnings = [
            ...session.summary().warnings,
            ...views.flatMap((v) =>
              v.ok && v.value && typeof v.value === 'object' && 'warnings' in v.value
                ? (v.value as { warnings: { where: string; code: string; message: string }[] }).warnings
                : [],
            ),
          ];
          const about = [
            ...failures.map((f) => ({ code: f.error.code, hit: names(member, f.error.message, f.error.details) })),
            ...warnings.map((w) => ({ code: w.code, hit: names(member, `${w.where} ${w.message}`, undefined) })),
          ].filter((a) => a.hit);
          expect(views.some((v) => v.ok && v.view !== 'config' && v.view !== 'spec')).toBe(true);
          if (c.expect === 'partial') {
            expect(about.length, `nothing names ${member}: ${JSON.stringify(failures)}`).toBeGreaterThan(0);
            if (c.code) expect(about.map((a) => a.code)).toContain(c.code);
          }
          // Every failed view says why, with a stable code.
          for (const f of failures) expect(f.error.message.length).toBeGreaterThan(5);
          checks[name]?.(views);
        } finally {
          await session.close();
        }
      }
      expect(elapsed).toBeLessThan(TIME_BOUND_MS);
      expect(peak).toBeLessThan(MEMORY_BOUND);
      expect(await tree(sentinel)).toEqual(['cache']);
      expect(await tree(caseRoot)).toEqual(caseFiles);
      await rm(join(caseRoot, name), { recursive: true, force: true });
    },
    60_000,
  );
});

const value = (views: ViewOutcome[], view: string): unknown => {
  const v = views.find((x) => x.view === view);
  if (!v?.ok) throw new Error(`${view} failed: ${v && !v.ok ? v.error.message : 'not called'}`);
  return v.value;
};

/** What each case must show beyond "no crash, damage named". */
const checks: Record<string, (views: ViewOutcome[]) => void> = {
  'criu-pstree-cycle': (views) => {
    const pids = (value(views, 'processes') as { pid: number }[]).map((p) => p.pid).sort((a, b) => a - b);
    expect(pids).toEqual([1, 2, 6, 7]);
  },
  'criu-pstree-self-parent': (views) => {
    expect((value(views, 'processes') as unknown[]).length).toBe(3);
  },
  'criu-pagemap-past-pages': (views) => {
    // The range past pages-1.img reads as absent pages, never as bytes of another range.
    const reads = views.filter((v) => v.ok && v.view.startsWith('readMemory(1,'));
    expect(reads.length).toBeGreaterThan(0);
    const last = reads[reads.length - 1]!;
    expect(last.ok && (last.value as { present: boolean[] }).present.every((p) => !p)).toBe(true);
    expect((value(views, 'memoryUsage') as { rows: unknown[] }).rows).toHaveLength(3);
  },
  'criu-mm-huge-arg-range': (views) => {
    const detail = value(views, 'process(1)') as { cmdline?: string[]; environment?: string[] };
    expect(JSON.stringify(detail).length).toBeLessThan(1024 * 1024);
  },
  'criu-files-huge-path': (views) => {
    expect(JSON.stringify(value(views, 'files')).length).toBeLessThan(16 * MiB);
  },
  'criu-unknown-magic': (views) => {
    const images = value(views, 'images') as { name: string; type: string }[];
    // Shown as an image of unknown type (its magic in hex), not as an error.
    expect(images.find((i) => i.name.endsWith('mystery-1.img'))?.type).toMatch(/^(UNKNOWN|0x0badf00d)$/);
    expect(value(views, 'decodeImage(checkpoint/mystery-1.img)')).toMatchObject({ entries: [] });
  },
  'criu-config-depth-bomb': (views) => {
    expect(value(views, 'spec')).toMatchObject({ ociVersion: '1.0.2' });
  },
  'criu-spec-not-json': (views) => {
    expect(value(views, 'processes')).toHaveLength(3);
  },
};
