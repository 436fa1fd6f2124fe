// Issue 18, the process tree through the browser host: the hostile pstree
// archives opened by path (as `serve ARCHIVE` does), their process list,
// process detail, overview and rendered report over a real WebSocket. Every
// answer comes within the hostile budget, is a value or a clear error, and is
// bounded in size; the host stays up for the next call.
import { describe, expect, it } from 'vitest';
import { MAX_PROCESSES } from '../../../electron/inspect/limits';
import { hostileHost } from '../../support/hostile-host';
import { writePstreeArchives, type PstreeArchive } from './pstree-archives';

const MiB = 1024 * 1024;
/** Largest answer any of these calls may give. */
const MAX_REPLY_BYTES = 64 * MiB;

const { call, archiveId, bounded } = hostileHost('h-pstree-host-', writePstreeArchives);

const CHANNELS: [string, (archiveId: string) => unknown][] = [
  ['inspect.processes', (archiveId) => ({ archiveId })],
  ['inspect.process', (archiveId) => ({ archiveId, pid: 1 })],
  ['archive.overview', (archiveId) => ({ archiveId })],
  ['inspect.files', (archiveId) => ({ archiveId })],
  ['report.render', (archiveId) => ({ archiveId, format: 'json' })],
];

describe.each(['wide-1m', 'chain-100k', 'cycle', 'claimed-threads', 'many-threads'] as const)(
  '%s through the browser host',
  (name) => {
    it.each(CHANNELS)(
      '%s answers within the budget, bounded',
      async (channel, args) => {
        await bounded(channel, args(await archiveId(name)), MAX_REPLY_BYTES);
      },
      60_000,
    );
  },
);

describe('what the host says about each', () => {
  type Process = { pid: number; ppid: number; threads: number[] };
  const processes = async (name: PstreeArchive): Promise<Process[]> => {
    const { env } = await call('inspect.processes', { archiveId: await archiveId(name) });
    expect(env.ok).toBe(true);
    return (env.ok ? env.value : []) as Process[];
  };
  const reportProblems = async (name: PstreeArchive): Promise<string[]> => {
    const { env } = await call('report.render', { archiveId: await archiveId(name), format: 'json' });
    expect(env.ok).toBe(true);
    const { text } = (env.ok ? env.value : { text: '{}' }) as { text: string };
    return (JSON.parse(text) as { problems: { message: string }[] }).problems.map((p) => p.message);
  };

  it('lists the first MAX_PROCESSES of a million processes; the report names the limit', async () => {
    const list = await processes('wide-1m');
    expect(list).toHaveLength(MAX_PROCESSES);
    expect(list.filter((p) => p.ppid === 1)).toHaveLength(MAX_PROCESSES - 1);
    expect(await reportProblems('wide-1m')).toContain(
      `more than ${MAX_PROCESSES} tasks; the first ${MAX_PROCESSES} are read (MAX_PROCESSES = ${MAX_PROCESSES})`,
    );
  }, 60_000);

  it('lists a deep chain in tree order, each process once', async () => {
    const list = await processes('chain-100k');
    expect(list).toHaveLength(MAX_PROCESSES);
    expect(list.slice(0, 3).map((p) => p.pid)).toEqual([1, 100, 101]);
    expect(new Set(list.map((p) => p.pid)).size).toBe(MAX_PROCESSES);
  }, 60_000);

  it('lists every process of a ppid loop and names the loop', async () => {
    const list = await processes('cycle');
    expect(list).toHaveLength(1 + 1000 + 2);
    expect((await reportProblems('cycle')).some((m) => /^ppid loop among pids 100 -> /.test(m))).toBe(true);
  }, 60_000);

  it('keeps what comes before a thread list it cannot or will not decode', async () => {
    expect((await processes('claimed-threads')).map((p) => p.pid)).toEqual([1]);
    expect((await processes('many-threads')).map((p) => p.pid)).toEqual([1]);
    expect((await reportProblems('many-threads')).some((m) => m.includes('MAX_PSTREE_BYTES = 4194304'))).toBe(true);
  }, 60_000);
});
