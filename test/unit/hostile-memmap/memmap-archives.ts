// Hostile checkpoints for the memory map and the file tables (issue 18):
// the fixture's real images with pagemap, mm, fdinfo, ids or files replaced
// by layouts that made the old views quadratic or huge.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { messageType } from '../../../electron/criu/schema';
import { PE_PARENT, PE_PRESENT } from '../../../electron/criu';
import { checkpointTar } from '../../hostile/criu-cases';
import { fixtureImages, rawEntries, reencode } from '../../hostile/fixture-images';

type Entry = Record<string, unknown>;
const PAGE = 4096;
/** Where the hostile layouts live: above the fixture's own mappings, below the stack. */
const BASE = 0x10_0000_0000;

/** Entries of one message type; `fixture` ones (enum names, bigints) go through protobufjs' fromObject. */
interface Piece {
  type: string;
  entries: readonly Entry[];
  fixture?: boolean;
}

/**
 * An image with the magic words of the fixture's `like` and the pieces'
 * entries in order. Entries built here hold plain numbers and are encoded
 * directly: a million of them through fromObject would take seconds.
 */
function image(like: string, ...pieces: Piece[]): Buffer {
  const head = fixtureImages()[like]?.subarray(0, 8);
  if (!head) throw new Error(`fixture has no ${like}`);
  const parts: Buffer[] = [head];
  for (const piece of pieces) {
    if (piece.fixture) {
      parts.push(reencode(like, piece.type, piece.entries).subarray(8));
      continue;
    }
    const t = messageType(piece.type);
    for (const e of piece.entries) {
      const payload = Buffer.from(t.encode(e).finish());
      const size = Buffer.alloc(4);
      size.writeUInt32LE(payload.length);
      parts.push(size, payload);
    }
  }
  return Buffer.concat(parts);
}

const PAGEMAP_ENTRY = 'pagemap_entry';
/** pagemap-1.img: the head, the fixture's own entries, then `entries`. */
const pagemap = (entries: readonly Entry[]) =>
  image(
    'pagemap-1.img',
    { type: 'pagemap_head', entries: [{ pages_id: 1 }] },
    { type: PAGEMAP_ENTRY, entries: rawEntries('pagemap-1.img').slice(1), fixture: true },
    { type: PAGEMAP_ENTRY, entries },
  );
const pm = (vaddr: number, pages: number, flags: number): Entry => ({
  vaddr,
  compat_nr_pages: 0,
  nr_pages: pages,
  flags,
});

function mmWith(vmas: (old: Entry[]) => Entry[]): Buffer {
  const [mm] = rawEntries('mm-1.img');
  const next = { ...mm, vmas: vmas((mm?.['vmas'] as Entry[] | undefined) ?? []) };
  return image('mm-1.img', { type: 'mm_entry', entries: [next], fixture: true });
}
const anonVma = (start: number, end: number): Entry => ({
  start,
  end,
  pgoff: 0,
  shmid: 0,
  prot: 3,
  flags: 0x22,
  status: 1 | (1 << 9),
  fd: -1,
});

function archive(over: Record<string, Buffer>): Buffer {
  return checkpointTar({ ...fixtureImages(), ...over });
}

/** 1) The fixture's pagemap, then 200,000 entries piled on 1,000 pages: each overlaps up to seven others. */
export function overlappingPagemap(count = 200_000): Buffer {
  const piled = Array.from({ length: count }, (_, i) =>
    pm(BASE + (i % 1000) * PAGE, 1 + (i % 7), i % 3 === 0 ? PE_PRESENT : PE_PARENT),
  );
  return archive({
    'pagemap-1.img': pagemap(piled),
    'mm-1.img': mmWith((old) => [...old, anonVma(BASE, BASE + 1010 * PAGE)]),
  });
}

/** 2) 100,000 VMAs interleaved with 100,000 pagemap entries: one lookup per VMA over every entry was 10^10 steps. */
export function interleavedLayout(count = 100_000): Buffer {
  const entries = Array.from({ length: count }, (_, i) => pm(BASE + i * 2 * PAGE, 1, PE_PARENT));
  return archive({
    'pagemap-1.img': pagemap(entries),
    'mm-1.img': mmWith((old) => [
      ...old,
      ...Array.from({ length: count }, (_, i) => anonVma(BASE + i * 2 * PAGE, BASE + (i * 2 + 1) * PAGE)),
    ]),
  });
}

/** 3) The fixture's stack VMA grown by 2^40 bytes, and a pagemap entry claiming 2^28 pages of it from a parent dump. */
export function hugeVma(): Buffer {
  let top = 0;
  return archive({
    'mm-1.img': mmWith((old) => {
      const vmas = old.map((v) => ({ ...v }));
      const numeric = vmas.filter((v) => typeof v['start'] === 'number' && typeof v['end'] === 'number');
      const stack = numeric.reduce((a, b) => ((b['start'] as number) > (a['start'] as number) ? b : a));
      // The stack holds dumped pages; after it, room for 2^40 bytes below 2^53.
      top = stack['end'] as number;
      stack['end'] = top + 2 ** 40;
      return vmas.filter((v) => v === stack || typeof v['start'] !== 'number' || v['start'] < top);
    }),
    'pagemap-1.img': pagemap([pm(BASE * 16, 2 ** 28, PE_PARENT)]),
  });
}

/** files.img: the fixture's entries, then `entries`. */
const filesImage = (entries: readonly Entry[]) =>
  image(
    'files.img',
    { type: 'file_entry', entries: rawEntries('files.img'), fixture: true },
    { type: 'file_entry', entries },
  );
const fown = { uid: 0, euid: 0, signum: 0, pid_type: 0, pid: 0 };
const reg = (id: number, name: string): Entry => ({
  type: 1,
  id,
  reg: { id, flags: 2, pos: 0, fown, name },
});

/**
 * 4a) 100,000 descriptors all naming one file entry whose name is 64 KiB,
 * in one descriptor table that all three processes share (CLONE_FILES).
 */
export function sharedFileEntry(count = 100_000): Buffer {
  const id = 9_999;
  const fds = Array.from({ length: count }, (_, fd) => ({ id, flags: 0, type: 1, fd }));
  const ids = (pid: number) => ({ ...rawEntries(`ids-${pid}.img`)[0], files_id: 2 });
  return archive({
    'files.img': filesImage([reg(id, `/${'s'.repeat(64 * 1024)}`)]),
    'fdinfo-2.img': image('fdinfo-2.img', { type: 'fdinfo_entry', entries: fds }),
    'ids-1.img': image('ids-1.img', { type: 'task_kobj_ids_entry', entries: [ids(1)], fixture: true }),
    'ids-6.img': image('ids-6.img', { type: 'task_kobj_ids_entry', entries: [ids(6)], fixture: true }),
    'ids-7.img': image('ids-7.img', { type: 'task_kobj_ids_entry', entries: [ids(7)], fixture: true }),
  });
}

/** 4b) files.img with 1,000,000 entries (the fixture's first, so its descriptors still resolve). */
export function millionFiles(count = 1_000_000): Buffer {
  const files = rawEntries('files.img');
  const more = Array.from({ length: count - files.length }, (_, i) => reg(100_000 + i, `/f${i}`));
  return archive({ 'files.img': filesImage(more) });
}

export const MEMMAP_ARCHIVES = {
  'overlapping-pagemap': overlappingPagemap,
  'interleaved-layout': interleavedLayout,
  'huge-vma': hugeVma,
  'shared-file-entry': sharedFileEntry,
  'million-files': millionFiles,
} as const;

export type MemmapArchive = keyof typeof MEMMAP_ARCHIVES;

/** Writes the named archives under dir; returns their paths by name. */
export async function writeMemmapArchives(dir: string): Promise<Record<MemmapArchive, string>> {
  const out = {} as Record<MemmapArchive, string>;
  for (const [name, build] of Object.entries(MEMMAP_ARCHIVES) as [MemmapArchive, () => Buffer][]) {
    const path = join(dir, `${name}.tar`);
    await writeFile(path, build());
    out[name] = path;
  }
  return out;
}
