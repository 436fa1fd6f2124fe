// Recovered files and buffers as every host serves them: the list, paged
// reads, search within an item, and saving (one item to a chosen file, or
// every item into a folder under names derived safely from kind/pid/fd);
// each save is recorded in the custody log.
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { ProblemInfo, RecoveredItem, RecoveredSearch, View } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import { writeChunks, writeOutputFile } from '../fs/output-file';
import { boundedRange } from '../inspect/bounds';
import { listRecovered, openRecovered } from '../inspect/recovered/catalog';
import { saveName } from '../inspect/recovered/save-name';
import { needleOf, searchItem } from '../inspect/recovered/search';
import type { ByteRange, InspectSession } from '../inspect/session';
import { recordCustody } from './custody';

export function recoveredList(session: InspectSession): Promise<View<RecoveredItem>> {
  return listRecovered(session);
}

/** Bytes [offset, offset+length) of one item, bounded as every paged read. */
export async function readRecovered(
  session: InspectSession,
  id: string,
  offset: number,
  length: number,
): Promise<ByteRange> {
  const { reader } = await openRecovered(session, id);
  const n = boundedRange(offset, length, reader.size, id);
  return { offset, data: n > 0 ? await reader.read(offset, n) : Buffer.alloc(0), total: reader.size };
}

const printable = (b: Buffer): string =>
  [...b].map((x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('');

/** Occurrences of a text or hex query in one item. */
export async function searchRecovered(
  session: InspectSession,
  id: string,
  query: string,
  kind: 'text' | 'hex',
): Promise<RecoveredSearch> {
  const needle = needleOf(query, kind);
  const { reader } = await openRecovered(session, id);
  const found = await searchItem(reader, needle);
  return {
    complete: found.complete,
    matches: found.matches.map((m) => ({
      offset: m.offset,
      context: printable(Buffer.concat([m.before, m.match, m.after])),
      at: m.before.length,
    })),
  };
}

async function writeItem(session: InspectSession, id: string, target: string, replace: boolean): Promise<number> {
  const { item, reader } = await openRecovered(session, id);
  const bytes = await writeOutputFile(target, (handle) => writeChunks(handle, reader.stream()), { replace });
  const owner = item.owners[0];
  const custody = await recordCustody(session, {
    action: 'exported',
    what: 'recovered item',
    target,
    detail: { id, kind: item.kind, member: item.member, pid: owner?.pid ?? null, fd: owner?.fd ?? null, bytes },
  });
  if (!custody.ok) throw new AppError('PERMISSION_DENIED', `${target} was written, but ${custody.problem.message}`);
  return bytes;
}

/** One item to a file the user chose (replacing a regular file there, as the save dialog asked). */
export function saveRecovered(session: InspectSession, id: string, target: string): Promise<number> {
  return writeItem(session, id, target, true);
}

export interface SavedItem {
  id: string;
  path: string;
  bytes: number;
}

/**
 * Every item into `folder` (which must exist), each under saveName(item),
 * `-2`, `-3`... added when a name is taken; never outside the folder, never
 * over an existing file. A failed item is a problem, the others are saved.
 */
export async function saveAllRecovered(
  session: InspectSession,
  folder: string,
): Promise<{ saved: SavedItem[]; problems: ProblemInfo[] }> {
  const dir = path.resolve(folder);
  const st = await lstat(dir).catch(() => null);
  if (!st?.isDirectory()) throw new AppError('NOT_FOUND', `${dir} is not a folder: make it first`);
  const view = await listRecovered(session);
  const saved: SavedItem[] = [];
  const problems: ProblemInfo[] = [];
  const taken = new Set<string>();
  for (const item of view.rows) {
    const base = saveName(item);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = base.replace(/\.bin$/, `-${n}.bin`);
    taken.add(name);
    const target = path.join(dir, name);
    if (path.dirname(target) !== dir) throw new AppError('INTERNAL', `${name} is not a plain file name`);
    try {
      saved.push({ id: item.id, path: target, bytes: await writeItem(session, item.id, target, false) });
    } catch (error) {
      problems.push({
        where: item.member,
        code: error instanceof AppError ? error.code : 'INTERNAL',
        message: `${item.id}: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  return { saved, problems };
}
