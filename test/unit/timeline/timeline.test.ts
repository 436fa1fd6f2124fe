import { afterEach, describe, expect, it } from 'vitest';
import type { Timeline } from '../../../shared/dto';
import { MAX_TIMELINE_LOG_BYTES, MAX_TIMELINE_ROWS } from '../../../electron/inspect/limits';
import { buildTimeline, NO_PROCESS_START_NOTE } from '../../../electron/inspect/timeline/build-timeline';
import { localText, parseRfc3339, relativeText, utcText } from '../../../electron/inspect/timeline/instant';
import { ghostImage, openMembers, rootfsTar, statsImage, T0, timerfdImage, type Members } from './timeline-archive';

const CHECKPOINT = '2026-11-30T04:35:35.518080257Z';
const config = JSON.stringify({
  createdTime: '2026-11-30T04:32:24.210592127Z',
  checkpointedTime: CHECKPOINT,
  restoredTime: '0001-01-01T00:00:00Z',
});
// StartedAt is past 2^53: its last digits survive only if read from the text.
const status = '{"Pid":9,"CreatedAt":1796013144218533435,"StartedAt":1796013144600109421,"FinishedAt":0}';
const dumpLog = [
  '(00.000000) CRIU run id = 5ba0276e',
  '(00.000106) Version: 4.2.1 (gitid 0)',
  '(00.015894) Dumping processes (pid: 2769 comm: sh)',
  '(00.016000) cg: something routine',
  '(00.020000) Error (criu/util.c:1): rlimit',
  '(00.742204) Dumping finished successfully',
].join('\n');
const containerLog = [
  '2026-11-30T04:32:24.625942274Z stdout F web started',
  '2026-11-30T04:32:30.5+00:00 stderr P half a line',
  'not a CRI line',
].join('\n');

function base(over: Members = {}): Members {
  return {
    'config.dump': { data: config },
    'spec.dump': { data: JSON.stringify({ annotations: { 'io.kubernetes.cri-o.Created': '2026-11-30T04:32:24.1Z' } }) },
    status: { data: status },
    'dump.log': { data: dumpLog },
    'container.log': { data: containerLog },
    'stats-dump': {
      data: statsImage({
        freezing_time: 5000,
        frozen_time: 700000,
        memdump_time: 4000,
        memwrite_time: 300,
        pages_scanned: 1,
        pages_skipped_parent: 0,
        pages_written: 1,
        pages_lazy: 0,
      }),
    },
    'checkpoint/ghost-file-3.img': {
      data: ghostImage(
        {
          uid: 0,
          gid: 0,
          mode: 0o100600,
          size: 5,
          atim: { tv_sec: T0 + 100, tv_usec: 250 },
          mtim: { tv_sec: T0 + 90, tv_usec: 7 },
        },
        'hello',
      ),
    },
    'checkpoint/timerfd.img': { data: timerfdImage({ id: 4, clockid: 1, vsec: 2, vnsec: 500_000_000 }) },
    'rootfs-diff.tar': {
      data: rootfsTar({
        'data/before.txt': T0 - 3600,
        'data/late.txt': T0 + 30,
        'data/same-second.txt': T0,
        'etc/.wh.gone': 0,
      }),
    },
    ...over,
  };
}

let done: (() => Promise<void>) | undefined;
afterEach(async () => {
  await done?.();
  done = undefined;
});

async function timeline(members: Members): Promise<Timeline> {
  const opened = await openMembers(members);
  done = opened.done;
  return buildTimeline(opened.s);
}

describe('timeline', () => {
  it('sorts every source into one list, each row with its member, field and label', async () => {
    const t = await timeline(base());
    expect(t.problems).toEqual([]);
    expect(t.anchor).toBe(CHECKPOINT);
    expect(t.notes[0]).toBe(NO_PROCESS_START_NOTE);
    expect(t.notes.join('\n')).toMatch(/CRIU records no process start times/);
    for (let i = 1; i < t.events.length; i++) {
      const a = t.events[i - 1]!;
      const b = t.events[i]!;
      // Whole-second times sort at the end of their second.
      const end = (e: typeof a) => e.epochUs + (/\.\d+Z$/.test(e.time) ? 0 : 999_999);
      expect(end(a)).toBeLessThanOrEqual(end(b));
    }
    const find = (field: string) => t.events.find((e) => e.field === field);
    expect(find('StartedAt')).toMatchObject({
      time: '2026-11-30T04:32:24.600109421Z',
      member: 'status',
      source: 'container',
    });
    expect(find('createdTime')).toMatchObject({ member: 'config.dump', label: 'container created (engine record)' });
    expect(find('restoredTime')).toBeUndefined();
    expect(find('checkpointedTime')).toMatchObject({ source: 'checkpoint', relative: 'at checkpoint', relativeMs: 0 });
    expect(find('annotations["io.kubernetes.cri-o.Created"]')?.member).toBe('spec.dump');
    expect(find('mtim')).toMatchObject({
      source: 'ghost-file',
      time: '2026-11-30T04:33:54.000007Z',
      member: 'checkpoint/ghost-file-3.img',
    });
    expect(find('atim')?.label).toMatch(/deleted-but-open file ghost-file-3\.img \(mode 600, 5 bytes\): last accessed/);
    // dump.log: its last line at the checkpoint, the others back by their offsets, all derived.
    const log = t.events.filter((e) => e.source === 'dump-log');
    expect(log.map((e) => e.label)).toEqual([
      'CRIU: CRIU run id = 5ba0276e',
      'CRIU: Version: 4.2.1 (gitid 0)',
      'CRIU: Dumping processes (pid: 2769 comm: sh)',
      'CRIU: Error (criu/util.c:1): rlimit',
      'CRIU: Dumping finished successfully',
    ]);
    expect(log.every((e) => e.derived)).toBe(true);
    expect(log[4]?.time).toBe(CHECKPOINT);
    expect(log[0]?.time).toBe('2026-11-30T04:35:34.775876257Z');
    expect(t.notes.join('\n')).toMatch(/1 routine lines are not listed/);
    const clog = t.events.filter((e) => e.source === 'container-log');
    expect(clog.map((e) => [e.time, e.label])).toEqual([
      ['2026-11-30T04:32:24.625942274Z', 'stdout: web started'],
      ['2026-11-30T04:32:30.500Z', 'stderr: half a line (partial line)'],
    ]);
    expect(t.notes.join('\n')).toMatch(/container\.log: 1 lines are not in CRI log form/);
    const stats = t.events.filter((e) => e.source === 'stats');
    expect(stats.every((e) => e.derived && e.member === 'stats-dump')).toBe(true);
    expect(stats.find((e) => e.field === 'frozen_time')?.time).toBe('2026-11-30T04:35:34.818080257Z');
    expect(t.events.find((e) => e.source === 'timer')).toMatchObject({
      time: '2026-11-30T04:35:38.018080257Z',
      member: 'checkpoint/timerfd.img',
      derived: true,
    });
  });

  it('tells rootfs files written after the start from those before, to the second the tar holds', async () => {
    const t = await timeline(base());
    const rows = t.events.filter((e) => e.source === 'rootfs');
    expect(rows.map((e) => e.field)).toEqual(['/data/before.txt', '/data/same-second.txt', '/data/late.txt']);
    expect(rows[0]?.label).toMatch(/before the container started/);
    expect(rows[1]?.label).toMatch(/at or after the container started/);
    expect(rows[2]?.label).toMatch(/at or after the container started/);
    expect(rows[2]?.time).toBe('2026-11-30T04:32:54Z');
    // The whiteout's mtime 0 is no time: said, not placed in 1970.
    expect(t.notes.join('\n')).toMatch(/1 rootfs-diff members carry no time .*\/etc\/gone/);
    // Started at .600 s; a whole-second stamp of that second sorts after the start.
    const started = t.events.findIndex((e) => e.field === 'StartedAt');
    expect(t.events.findIndex((e) => e.field === '/data/same-second.txt')).toBeGreaterThan(started);
  });

  it('falls back to the stats-dump stamp for the checkpoint time, and says when there is none', async () => {
    const noEngine = await timeline(base({ 'config.dump': { data: '{}' } }));
    expect(noEngine.anchor).toBe(utcText({ ns: BigInt(T0 + 60) * 1_000_000_000n, digits: 0 }));
    expect(noEngine.notes.join('\n')).toMatch(/No engine record of the checkpoint time/);
    await done?.();
    done = undefined;
    const none = await timeline({ 'config.dump': { data: '{}' }, 'dump.log': { data: dumpLog } });
    expect(none.anchor).toBeNull();
    expect(none.events.every((e) => e.relative === null)).toBe(true);
    expect(none.events.some((e) => e.source === 'dump-log')).toBe(false);
    expect(none.notes.join('\n')).toMatch(/No checkpoint time in the archive/);
  });

  it('is bounded: past MAX_TIMELINE_ROWS it cuts the bulky rows, keeps the rest, and says how many', async () => {
    const lines = Array.from(
      { length: MAX_TIMELINE_ROWS + 5 },
      (_, i) => `2026-11-30T04:33:00.${String(i).padStart(6, '0')}Z stdout F line ${i}`,
    );
    const t = await timeline(base({ 'container.log': { data: lines.join('\n') } }));
    expect(t.events).toHaveLength(MAX_TIMELINE_ROWS);
    expect(t.events.some((e) => e.field === 'checkpointedTime')).toBe(true);
    expect(t.events.some((e) => e.field === 'StartedAt')).toBe(true);
    expect(t.problems).toEqual([
      expect.objectContaining({
        where: 'timeline',
        code: 'LIMIT_EXCEEDED',
        message: expect.stringMatching(/MAX_TIMELINE_ROWS = 20000.*container-log/),
      }),
    ]);
  });

  it('reads a dump.log past MAX_TIMELINE_LOG_BYTES as its head and tail, and says how much it skipped', async () => {
    const routine = '(00.500000) cg: routine line\n';
    const filler = routine.repeat(Math.ceil((MAX_TIMELINE_LOG_BYTES + 4096) / routine.length));
    const big = `(00.000106) Version: 4.2.1\n${filler}(00.742204) Dumping finished successfully\n`;
    const t = await timeline(base({ 'dump.log': { data: big } }));
    expect(t.problems).toEqual([
      expect.objectContaining({
        where: 'dump.log',
        code: 'LIMIT_EXCEEDED',
        message: expect.stringMatching(/MAX_TIMELINE_LOG_BYTES/),
      }),
    ]);
    const log = t.events.filter((e) => e.source === 'dump-log');
    expect(log[0]?.label).toBe('CRIU: Version: 4.2.1');
    expect(log.at(-1)).toMatchObject({ label: 'CRIU: Dumping finished successfully', time: CHECKPOINT });
  });

  it('names the member it could not read and goes on with the others', async () => {
    const t = await timeline(base({ 'checkpoint/ghost-file-3.img': { data: Buffer.from([1, 2, 3]) } }));
    expect(t.problems.map((p) => p.where)).toEqual(['checkpoint/ghost-file-3.img']);
    expect(t.events.some((e) => e.field === 'checkpointedTime')).toBe(true);
  });
});

describe('instants', () => {
  it('keep the digits of their source, read offsets, and refuse zero times', () => {
    expect(utcText(parseRfc3339('2026-11-30T05:32:24.5+01:00')!)).toBe(
      '2026-11-30T04:32:24.5Z'.replace('.5Z', '.500Z'),
    );
    expect(parseRfc3339('0001-01-01T00:00:00Z')).toBeNull();
    expect(parseRfc3339('yesterday')).toBeNull();
    expect(relativeText(-191_307.5)).toBe('3m 11.308s before checkpoint');
    expect(relativeText(90_061_000)).toBe('1d 1h 1m 1.000s after checkpoint');
    const saved = process.env['TZ'];
    process.env['TZ'] = 'Asia/Kolkata';
    try {
      expect(localText(parseRfc3339('2026-11-30T04:32:24.210Z')!)).toBe('2026-11-30 10:02:24.210 +05:30');
    } finally {
      if (saved === undefined) delete process.env['TZ'];
      else process.env['TZ'] = saved;
    }
  });
});
