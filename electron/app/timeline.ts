import type { Provenance, Timeline, TimelineSource } from '../../shared/dto';
import { buildProvenance } from '../inspect/provenance';
import type { InspectSession } from '../inspect/session';
import { buildTimeline } from '../inspect/timeline/build-timeline';

// Each is built once per opened archive and kept while it is open (the session is the key).
const timelines = new WeakMap<InspectSession, Promise<Timeline>>();
const provenances = new WeakMap<InspectSession, Promise<Provenance>>();

function kept<T>(map: WeakMap<InspectSession, Promise<T>>, s: InspectSession, build: () => Promise<T>): Promise<T> {
  let p = map.get(s);
  if (!p) {
    p = build();
    map.set(s, p);
    // A failure is not kept: the next call tries again.
    p.catch(() => map.delete(s));
  }
  return p;
}

/** The archive's timeline, the same for every host. */
export function archiveTimeline(s: InspectSession): Promise<Timeline> {
  return kept(timelines, s, () => buildTimeline(s));
}

/** The archive's provenance, the same for every host. */
export function archiveProvenance(s: InspectSession): Promise<Provenance> {
  return kept(provenances, s, () => buildProvenance(s));
}

/** Every source a timeline row can have, for filters. */
export const TIMELINE_SOURCES: readonly TimelineSource[] = [
  'container',
  'checkpoint',
  'archive',
  'rootfs',
  'ghost-file',
  'dump-log',
  'container-log',
  'stats',
  'timer',
];

/** The timeline with only the rows of `sources` (all when empty); notes and problems stay whole. */
export function filterTimeline(t: Timeline, sources: readonly TimelineSource[]): Timeline {
  if (sources.length === 0) return t;
  const keep = new Set(sources);
  return { ...t, events: t.events.filter((e) => keep.has(e.source)) };
}
