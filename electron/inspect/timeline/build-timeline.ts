import type { MemberInfo, ProblemInfo, Timeline, TimelineEvent } from '../../../shared/dto';
import { decodeImage } from '../../criu';
import { MAX_TIMELINE_LOG_BYTES, MAX_TIMELINE_ROWS, limitText } from '../limits';
import { problemOf } from '../process-images';
import { memberTimes, rootfsTimes, stamp } from './archive-times';
import { annotationTimes, configTimes, startedAt, statusTimes } from './container-times';
import { ghostTimes } from './ghost-times';
import { epochUs, localText, localZone, relativeMs, relativeText, utcText, type Instant } from './instant';
import { containerLogTimes, dumpLogTimes } from './log-times';
import type { RawEvent, TimelineInput } from './raw-event';
import { logLines, readLogText } from './read-text';
import { statsTimes } from './stats-times';
import { taskTimerTimes, timerfdTimes } from './timer-times';

export const NO_PROCESS_START_NOTE =
  'CRIU records no process start times: no image of the dump says when any process began, so only the container’s own creation and start (recorded by its engine and runtime) are on this timeline.';

const CONTAINER_LOGS = ['container.log', 'ctr.log'];
/** Sources that can run to many rows; the others (a few rows each) are always kept. */
const BULKY = new Set<RawEvent['source']>(['rootfs', 'ghost-file', 'dump-log', 'container-log']);

class Gather {
  readonly events: RawEvent[] = [];
  readonly problems: ProblemInfo[] = [];
  readonly notes: string[] = [NO_PROCESS_START_NOTE];

  /** One by one: a log or a rootfs diff can give more rows than a spread may pass as arguments. */
  add(events: readonly RawEvent[]): void {
    for (const e of events) this.events.push(e);
  }

  async part<T>(where: string, read: () => Promise<T>, unread: T): Promise<T> {
    try {
      return await read();
    } catch (error) {
      this.problems.push(problemOf(error, where));
      return unread;
    }
  }
}

function file(members: readonly MemberInfo[], name: string): MemberInfo | undefined {
  return members.find((m) => m.name === name && m.type === 'file');
}

/** The checkpoint time: the engine's record, else the stats-dump member's stamp (CRIU writes it last). */
function anchorOf(g: Gather, members: readonly MemberInfo[]): Instant | null {
  const engine = g.events.find((e) => e.field === 'checkpointedTime');
  if (engine) return engine.at;
  const stats = file(members, 'stats-dump');
  const at = stamp(stats?.mtime ?? null);
  if (at) {
    g.notes.push(
      'No engine record of the checkpoint time: relative times count from the stats-dump member’s stamp (whole seconds).',
    );
    g.events.push({
      at,
      source: 'checkpoint',
      member: 'stats-dump',
      field: 'mtime',
      label: 'checkpointed (stats-dump written)',
    });
    return at;
  }
  g.notes.push(
    'No checkpoint time in the archive: no relative times, and dump.log and stats-dump phases cannot be placed.',
  );
  return null;
}

async function logs(
  g: Gather,
  s: TimelineInput,
  members: readonly MemberInfo[],
  anchor: Instant | null,
): Promise<void> {
  const dump = file(members, 'dump.log');
  if (dump) {
    const text = await g.part('dump.log', () => readLogText(s, 'dump.log', dump.size, MAX_TIMELINE_LOG_BYTES), null);
    if (text) {
      if (text.skipped > 0) g.problems.push(cutLog('dump.log', text.skipped));
      const d = dumpLogTimes(logLines(text), anchor);
      g.add(d.events);
      g.notes.push(
        `dump.log counts seconds from CRIU's start, not wall-clock time: its lines are placed so that its last line falls at the checkpoint time (derived). ${d.others} routine lines are not listed (the Log tab shows them all).`,
      );
    }
  }
  for (const name of CONTAINER_LOGS) {
    const m = file(members, name);
    if (!m) continue;
    const text = await g.part(name, () => readLogText(s, name, m.size, MAX_TIMELINE_LOG_BYTES), null);
    if (!text) continue;
    if (text.skipped > 0) g.problems.push(cutLog(name, text.skipped));
    const c = containerLogTimes(logLines(text), name);
    g.add(c.events);
    if (c.unparsed > 0)
      g.notes.push(`${name}: ${c.unparsed} lines are not in CRI log form (no time of their own) and are not listed.`);
  }
}

function cutLog(where: string, skipped: number): ProblemInfo {
  return {
    where,
    code: 'LIMIT_EXCEEDED',
    message: `${where}: only its first and last ${MAX_TIMELINE_LOG_BYTES / 2} bytes are read (${limitText('MAX_TIMELINE_LOG_BYTES')}): ${skipped} bytes in the middle are not on the timeline`,
  };
}

async function images(
  g: Gather,
  s: TimelineInput,
  members: readonly MemberInfo[],
  anchor: Instant | null,
): Promise<void> {
  for (const m of members.filter((m) => m.type === 'file' && /^checkpoint\/ghost-file-\d+\.img$/.test(m.name)))
    g.add(await g.part(m.name, () => ghostTimes(s, m.name, m.size), []));
  const stats = file(members, 'stats-dump');
  if (stats) {
    const entries = await g.part(
      'stats-dump',
      async () =>
        decodeImage((await s.readMember('stats-dump', 0, Math.min(stats.size, 65536))).data, {
          pretty: false,
          name: 'stats-dump',
        }).entries,
      null,
    );
    g.add(statsTimes(entries, anchor));
  }
  if (!anchor) return;
  const timerfd = file(members, 'checkpoint/timerfd.img');
  if (timerfd) g.add(await g.part(timerfd.name, () => timerfdTimes(s, timerfd.name, timerfd.size, anchor), []));
  for (const m of members.filter((m) => m.type === 'file' && /^checkpoint\/core-\d+\.img$/.test(m.name)))
    g.add(await g.part(m.name, () => taskTimerTimes(s, m.name, m.size, anchor), []));
}

/** Keeps every small-source row and as many bulky rows (earliest first) as fit MAX_TIMELINE_ROWS; says what was cut. */
function bound(g: Gather, sorted: RawEvent[]): RawEvent[] {
  if (sorted.length <= MAX_TIMELINE_ROWS) return sorted;
  const room = MAX_TIMELINE_ROWS - sorted.filter((e) => !BULKY.has(e.source)).length;
  let bulky = 0;
  const cut = new Map<string, number>();
  const kept = sorted.filter((e) => {
    if (!BULKY.has(e.source)) return true;
    if (bulky++ < room) return true;
    cut.set(e.source, (cut.get(e.source) ?? 0) + 1);
    return false;
  });
  const left = [...cut].map(([source, n]) => `${n} ${source}`).join(', ');
  g.problems.push({
    where: 'timeline',
    code: 'LIMIT_EXCEEDED',
    message: `the timeline stops at ${kept.length} of ${sorted.length} rows (${limitText('MAX_TIMELINE_ROWS')}): the latest ${left} rows are not listed`,
  });
  return kept;
}

function present(e: RawEvent, anchor: Instant | null): TimelineEvent {
  const rel = anchor ? relativeMs(e.at, anchor) : null;
  return {
    time: utcText(e.at),
    local: localText(e.at),
    epochUs: epochUs(e.at),
    relativeMs: rel,
    relative: rel === null ? null : relativeText(rel),
    source: e.source,
    member: e.member,
    field: e.field,
    label: e.label,
    derived: e.derived === true,
  };
}

/** A time kept in whole seconds happened within that second: it sorts at the second's end, after finer times in it. */
function sortKey(at: Instant): bigint {
  return at.digits === 0 ? at.ns + 999_999_999n : at.ns;
}

/** Every time the archive holds, sorted, each with where it was read; what is unknown or cut is said. */
export async function buildTimeline(s: TimelineInput): Promise<Timeline> {
  const g = new Gather();
  const members = s.members();
  g.add(configTimes(await g.part('config.dump', () => s.config(), null)));
  g.add(annotationTimes(await g.part('spec.dump', () => s.spec(), null)));
  for (const name of ['status', 'status.dump']) {
    const m = file(members, name);
    if (!m) continue;
    const text = await g.part(name, () => readLogText(s, name, m.size, 1024 * 1024), null);
    if (text) g.add(statusTimes(name, text.head));
  }
  const anchor = anchorOf(g, members);
  const started = startedAt(g.events);
  const stamped = memberTimes(members);
  g.add(stamped.events);
  if (file(members, 'rootfs-diff.tar') || members.some((m) => m.name.startsWith('rootfs-diff.tar'))) {
    const entries = await g.part('rootfs-diff.tar', () => s.rootfs(), []);
    const r = rootfsTimes(entries, started);
    g.add(r.events);
    if (r.untimed.length > 0)
      g.notes.push(
        `${r.untimed.length} rootfs-diff members carry no time (mtime 0, as whiteouts often do): ${r.untimed.slice(0, 10).join(', ')}${r.untimed.length > 10 ? ', …' : ''}`,
      );
  }
  await images(g, s, members, anchor);
  await logs(g, s, members, anchor);
  g.notes.push(
    'Archive member times are whole seconds (tar headers) and sort at the end of their second; the engine and runtime records keep nanoseconds.',
  );
  // A stable sort: ties keep their source's order (tar order for the rootfs diff).
  const sorted = [...g.events].sort((a, b) => {
    const x = sortKey(a.at);
    const y = sortKey(b.at);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return {
    events: bound(g, sorted).map((e) => present(e, anchor)),
    anchor: anchor ? utcText(anchor) : null,
    zone: localZone(),
    notes: g.notes,
    problems: g.problems,
  };
}
