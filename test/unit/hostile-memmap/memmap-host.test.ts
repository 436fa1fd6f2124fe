// Issue 18, memory map and file tables through the browser host: the same
// hostile archives opened by path (as `serve ARCHIVE` does), their files,
// sockets, VMAs, memory usage, process detail and memory read over a real
// WebSocket. Every answer comes within the hostile budget, is a value or a
// clear error, and is bounded in size; the host stays up for the next call.
import { describe, expect, it } from 'vitest';
import { MAX_FILE_ROWS, MAX_VMAS } from '../../../electron/inspect/limits';
import type { Envelope } from '../../../shared/envelope';
import { hostileHost } from '../../support/hostile-host';
import { writeMemmapArchives } from './memmap-archives';

const MiB = 1024 * 1024;
/** Largest answer any of these views may give (the renderer pages everything bigger). */
const MAX_REPLY_BYTES = 64 * MiB;

const { call, archiveId, bounded } = hostileHost('h-memmap-host-', writeMemmapArchives);

type Problem = { code: string; message: string };
const problemsOf = (env: Envelope<unknown>): Problem[] =>
  env.ok ? ((env.value as { problems?: Problem[] }).problems ?? []) : [];

const CHANNELS: [string, (archiveId: string) => unknown][] = [
  ['inspect.files', (archiveId) => ({ archiveId })],
  ['inspect.sockets', (archiveId) => ({ archiveId })],
  ['inspect.vmas', (archiveId) => ({ archiveId, pid: 1 })],
  ['inspect.memoryUsage', (archiveId) => ({ archiveId })],
  ['inspect.process', (archiveId) => ({ archiveId, pid: 1 })],
  ['inspect.readMemory', (archiveId) => ({ archiveId, pid: 1, address: 0x10_0000_0000, length: MiB })],
];

describe.each(['overlapping-pagemap', 'interleaved-layout', 'huge-vma', 'shared-file-entry', 'million-files'] as const)(
  '%s through the browser host',
  (name) => {
    it.each(CHANNELS)(
      '%s answers within the budget, bounded',
      async (channel, args) => {
        const env = await bounded(channel, args(await archiveId(name)), MAX_REPLY_BYTES);
        expect(problemsOf(env).length).toBeLessThan(1000);
      },
      60_000,
    );
  },
);

describe('what the host says about each', () => {
  it('names the overlapping pagemap entries in the memory usage, counting those not listed', async () => {
    const { env } = await call('inspect.memoryUsage', { archiveId: await archiveId('overlapping-pagemap') });
    const messages = problemsOf(env).map((p) => p.message);
    expect(messages).toContain('pagemap ranges at 0x1000000000 and 0x1000000000 overlap; the second is ignored');
    expect(messages.some((m) => /^\d+ more overlapping pagemap entries not listed/.test(m))).toBe(true);
  }, 60_000);

  it('gives every VMA of a process with 100,000 of them, with its dumped bytes', async () => {
    const { env } = await call('inspect.vmas', { archiveId: await archiveId('interleaved-layout'), pid: 1 });
    expect(env.ok).toBe(true);
    const vmas = (env.ok ? env.value : []) as { start: number; dumped: number }[];
    expect(vmas.length).toBeGreaterThan(100_000);
    expect(vmas.length).toBeLessThanOrEqual(MAX_VMAS);
    expect(vmas.reduce((s, v) => s + v.dumped, 0)).toBeGreaterThan(0);
  }, 60_000);

  it('reads 1 MiB of the 2^40-byte VMA as absent pages', async () => {
    const { env } = await call('inspect.vmas', { archiveId: await archiveId('huge-vma'), pid: 1 });
    const huge = ((env.ok ? env.value : []) as { start: number; end: number }[]).find((v) => v.end - v.start > 2 ** 39);
    expect(huge).toBeDefined();
    const read = await call('inspect.readMemory', {
      archiveId: await archiveId('huge-vma'),
      pid: 1,
      address: huge!.end - MiB,
      length: MiB,
    });
    expect(read.env.ok).toBe(true);
    expect((read.env.ok ? read.env.value : {}) as { present: boolean[] }).toMatchObject({
      present: Array.from({ length: 256 }, () => false),
    });
  }, 60_000);

  it('bounds the files of 100,000 descriptors sharing one file entry and names the limits', async () => {
    const { env, bytes } = await call('inspect.files', { archiveId: await archiveId('shared-file-entry') });
    expect(env.ok).toBe(true);
    const rows = (env.ok ? (env.value as { rows: unknown[] }).rows : []).length;
    expect(rows).toBeGreaterThan(1000);
    expect(rows).toBeLessThanOrEqual(MAX_FILE_ROWS);
    expect(bytes).toBeLessThan(32 * MiB);
    const messages = problemsOf(env).map((p) => p.message);
    expect(messages.some((m) => m.includes('MAX_FILE_VIEW_CHARS'))).toBe(true);
    expect(messages.some((m) => m.includes('MAX_PATH_CHARS = 4096'))).toBe(true);
  }, 60_000);

  it('lists the files of a dump whose files.img holds a million entries', async () => {
    const { env } = await call('inspect.files', { archiveId: await archiveId('million-files') });
    expect(env.ok).toBe(true);
    const paths = (env.ok ? (env.value as { rows: { path: string }[] }).rows : []).map((r) => r.path);
    expect(paths).toContain('/dev/null');
    expect(problemsOf(env)).toEqual([]);
  }, 60_000);
});
