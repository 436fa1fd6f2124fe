import type { ProblemInfo, RecoveredOwner } from '../../../shared/dto';
import { enumName, numField, strField, sub, type Entry } from '../crit-values';
import { FD_TYPES } from '../file-table';
import { problemOf } from '../process-images';
import type { InspectSession } from '../session';
import { CHECKPOINT, decodeOptional } from './image-io';

const O_ACCMODE = 3;

/**
 * The file entries (files.img, and the per-type images of older dumps) and
 * which descriptors of which processes hold each id (fdinfo via ids-PID).
 */
export interface FileIndex {
  /** file_entry payloads by type name ('PIPE', 'MEMFD', ...) and id. */
  byType(type: string): Map<number, Entry>;
  /** Descriptors holding file id `id`. */
  owners(id: number): RecoveredOwner[];
  /** The path of a regular file entry, when there is one. */
  regPath(id: number): string | null;
  problems: ProblemInfo[];
}

/** Per-type images CRIU wrote before files.img (3.x), with the payload field they fill. */
const LEGACY: ReadonlyArray<readonly [string, string]> = [
  ['reg-files.img', 'REG'],
  ['pipes.img', 'PIPE'],
  ['fifo.img', 'FIFO'],
  ['unixsk.img', 'UNIXSK'],
  ['inetsk.img', 'INETSK'],
  ['packetsk.img', 'PACKETSK'],
  ['tty.img', 'TTY'],
];

const PAYLOAD: Readonly<Record<string, string>> = {
  REG: 'reg',
  PIPE: 'pipe',
  FIFO: 'fifo',
  UNIXSK: 'usk',
  INETSK: 'isk',
  PACKETSK: 'psk',
  TTY: 'tty',
  MEMFD: 'memfd',
};

function roleOf(flags: number | null): string | undefined {
  if (flags === null) return undefined;
  const mode = flags & O_ACCMODE;
  return mode === 0 ? 'read' : mode === 1 ? 'write' : 'read/write';
}

export async function buildFileIndex(session: InspectSession, sizes: Map<string, number>): Promise<FileIndex> {
  const problems: ProblemInfo[] = [];
  const tables = new Map<string, Map<number, Entry>>();
  // Access mode of each pipe's file id (its open flags): which end a descriptor is.
  const flagsById = new Map<number, number>();
  const put = (type: string, payload: Entry | null): void => {
    const id = numField(payload, 'id');
    if (payload === null || id === null) return;
    let table = tables.get(type);
    if (!table) tables.set(type, (table = new Map<number, Entry>()));
    if (!table.has(id)) table.set(id, payload);
    const flags = numField(payload, 'flags');
    if (type === 'PIPE' && flags !== null && !flagsById.has(id)) flagsById.set(id, flags);
  };
  const guarded = async (image: string, use: (entries: Entry[]) => void): Promise<void> => {
    try {
      use(await decodeOptional(session, sizes, image));
    } catch (error) {
      problems.push(problemOf(error, CHECKPOINT + image));
    }
  };
  await guarded('files.img', (entries) => {
    for (const e of entries) {
      const type = enumName(e['type'], FD_TYPES);
      const field = type === null ? undefined : PAYLOAD[type];
      if (type !== null && field !== undefined) put(type, sub(e, field));
    }
  });
  for (const [image, type] of LEGACY) await guarded(image, (entries) => entries.forEach((e) => put(type, e)));

  const holders = new Map<number, RecoveredOwner[]>();
  let processes: { pid: number }[] = [];
  try {
    processes = await session.processes();
  } catch (error) {
    problems.push(problemOf(error, CHECKPOINT + 'pstree.img'));
  }
  const tablesRead = new Map<string, Entry[]>();
  for (const { pid } of processes) {
    let image = `fdinfo-${pid}.img`;
    try {
      const ids = (await decodeOptional(session, sizes, `ids-${pid}.img`))[0];
      const filesId = numField(ids, 'files_id');
      if (filesId !== null) image = `fdinfo-${filesId}.img`;
      let fds = tablesRead.get(image);
      if (!fds) tablesRead.set(image, (fds = await decodeOptional(session, sizes, image)));
      for (const fd of fds) {
        const id = numField(fd, 'id');
        const n = numField(fd, 'fd');
        if (id === null || n === null) continue;
        const role = roleOf(flagsById.get(id) ?? null);
        const list = holders.get(id) ?? [];
        list.push(role === undefined ? { pid, fd: n } : { pid, fd: n, role });
        holders.set(id, list);
      }
    } catch (error) {
      problems.push(problemOf(error, CHECKPOINT + image, pid));
    }
  }
  return {
    byType: (type) => tables.get(type) ?? new Map(),
    owners: (id) => holders.get(id) ?? [],
    regPath: (id) => strField(tables.get('REG')?.get(id), 'name'),
    problems,
  };
}
