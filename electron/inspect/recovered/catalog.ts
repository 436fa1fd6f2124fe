import type { ProblemInfo, RecoveredItem, View } from '../../../shared/dto';
import { AppError } from '../../../shared/errors';
import type { InspectSession } from '../session';
import { buildFileIndex } from './file-index';
import type { Finder, FinderContext, Found } from './found';
import { findGhostFiles } from './ghost-files';
import { imageSizes } from './image-io';
import { MAX_ITEM_BYTES, MAX_RECOVERED_ITEMS, PREVIEW_BYTES } from './limits';
import { findMemfds } from './memfd';
import { findFifos, findPipes } from './pipes';
import { preview } from './preview';
import { segmentReader, segmentsLength, type RecoveredReader, type Segment } from './segments';
import { findSocketQueues, findTcpStreams, findTtyData } from './sockets';

const FINDERS: readonly Finder[] = [
  findGhostFiles,
  findMemfds,
  findPipes,
  findFifos,
  findTtyData,
  findSocketQueues,
  findTcpStreams,
];

interface Catalog {
  view: View<RecoveredItem>;
  segments: Map<string, Segment[]>;
}

/** Segments cut to MAX_ITEM_BYTES. */
function bounded(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  let left = MAX_ITEM_BYTES;
  for (const s of segments) {
    if (left <= 0) break;
    out.push(s.length <= left ? s : { ...s, length: left });
    left -= s.length;
  }
  return out;
}

async function build(session: InspectSession): Promise<Catalog> {
  const sizes = imageSizes(session);
  const files = await buildFileIndex(session, sizes);
  const problems: ProblemInfo[] = [...files.problems];
  const ctx: FinderContext = { session, sizes, files, problems };
  const found: Found[] = [];
  for (const finder of FINDERS) found.push(...(await finder(ctx)));
  if (found.length > MAX_RECOVERED_ITEMS) {
    problems.push({
      where: 'checkpoint/',
      code: 'LIMIT_EXCEEDED',
      message: `${found.length} recovered items; the first ${MAX_RECOVERED_ITEMS} are listed`,
    });
  }
  const rows: RecoveredItem[] = [];
  const segments = new Map<string, Segment[]>();
  for (const f of found.slice(0, MAX_RECOVERED_ITEMS)) {
    const whole = segmentsLength(f.segments);
    const kept = whole > MAX_ITEM_BYTES ? bounded(f.segments) : f.segments;
    if (kept !== f.segments) {
      problems.push({
        where: f.member,
        code: 'LIMIT_EXCEEDED',
        message: `${f.id}: ${whole} bytes; the first ${MAX_ITEM_BYTES} are served`,
      });
    }
    const reader = segmentReader(session, kept);
    let head: Buffer = Buffer.alloc(0);
    try {
      head = await reader.read(0, PREVIEW_BYTES);
    } catch (error) {
      problems.push({ where: f.member, code: 'ARCHIVE_CORRUPT', message: `${f.id}: ${String(error)}` });
    }
    const { segments: _, ...item } = f;
    rows.push({
      ...item,
      declaredSize: f.declaredSize ?? (kept !== f.segments ? whole : null),
      size: reader.size,
      preview: preview(head, reader.size),
    });
    segments.set(f.id, kept);
  }
  return { view: { rows, problems }, segments };
}

const catalogs = new WeakMap<InspectSession, Promise<Catalog>>();

function catalog(session: InspectSession): Promise<Catalog> {
  let known = catalogs.get(session);
  if (!known) {
    known = build(session);
    catalogs.set(session, known);
  }
  return known;
}

/**
 * Every recovered in-memory file and buffer of an archive (ghost files,
 * memfds, pipe/FIFO/tty data, socket queues, TCP queues) with owners, size
 * and a preview; what is present but unreadable is a problem beside them.
 * Computed once per session.
 */
export async function listRecovered(session: InspectSession): Promise<View<RecoveredItem>> {
  return (await catalog(session)).view;
}

/** A byte reader over one item (ranged reads, or a stream of the whole); NOT_FOUND for an unknown id. */
export async function openRecovered(
  session: InspectSession,
  id: string,
): Promise<{ item: RecoveredItem; reader: RecoveredReader }> {
  const c = await catalog(session);
  const item = c.view.rows.find((r) => r.id === id);
  const segments = c.segments.get(id);
  if (!item || !segments) throw new AppError('NOT_FOUND', `no recovered item ${id} in this archive`, { id });
  return { item, reader: segmentReader(session, segments) };
}
