// Two checkpoints of one container for the memory diff tests, made from the
// fixture's real CRIU images with known page changes between them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointTar } from '../../hostile/criu-cases';
import { fixtureImages, rawEntries, reencode } from '../../hostile/fixture-images';

type Raw = Record<string, unknown>;
export const PAGE = 4096;
const CONFIG = Buffer.from('{"id":"h-memdiff","name":"h-memdiff","rootfsImageName":"busybox"}');

/** The fixture's pagemap `name` with its entries (after the head) replaced. */
function pagemapWith(name: string, change: (entries: Raw[]) => Raw[]): Buffer {
  const bytes = fixtureImages()[name]!;
  const head = bytes.subarray(0, 12 + bytes.readUInt32LE(8));
  return Buffer.concat([head, reencode(name, 'pagemap_entry', change(rawEntries(name).slice(1))).subarray(8)]);
}

const nrPages = (entries: Raw[], vaddr: number, pages: number) =>
  entries.map((e) => (Number(e.vaddr) === vaddr ? { ...e, nr_pages: pages } : e));

/** Where the page `index` of pages-N.img sits in memory (the fixture's pagemap order). */
function flip(pages: Buffer, index: number): Buffer {
  const out = Buffer.from(pages);
  out[index * PAGE + 100] = out[index * PAGE + 100]! ^ 0xff;
  return out;
}

/**
 * The changes from A (the fixture) to B, by address:
 * pid 1 loses the 4th page of its heap entry (0x23118000), pid 6 has two
 * pages changed (0x5f2000 and 0x28023000) and its heap VMA grows by 2 pages,
 * pid 7 gains a page at 0x29b7b000 (between two of its pagemap entries).
 */
export const EXPECTED = {
  removed: { pid: 1, address: 0x23118000 + 3 * PAGE },
  changed: { pid: 6, addresses: [0x5f2000, 0x28023000] },
  added: { pid: 7, address: 0x29b7b000 },
};

export function changedImages(): Record<string, Buffer> {
  const base = fixtureImages();
  const b: Record<string, Buffer> = { ...base };
  // pid 1 (pages-1.img): the heap entry's 4 pages sit at page offsets 10..13; the 14th page of the file goes.
  b['pagemap-1.img'] = pagemapWith('pagemap-1.img', (e) => nrPages(e, 0x23118000, 3));
  b['pages-1.img'] = Buffer.concat([
    base['pages-1.img']!.subarray(0, 13 * PAGE),
    base['pages-1.img']!.subarray(14 * PAGE),
  ]);
  // pid 6 (pages-2.img): page offsets 2 (0x5f1000 + 1 page) and 11 (heap 0x28022000 + 1 page).
  b['pages-2.img'] = flip(flip(base['pages-2.img']!, 2), 11);
  const [mm6] = rawEntries('mm-6.img');
  const vmas = (mm6!.vmas as Raw[]).map((v) => (Number(v.start) === 0x28022000 ? { ...v, end: 0x28046000 } : v));
  b['mm-6.img'] = reencode('mm-6.img', 'mm_entry', [{ ...mm6, vmas }]);
  // pid 7 (pages-3.img): its entry at 0x29b79000 (2 pages, offsets 10..11) gains a third page.
  b['pagemap-7.img'] = pagemapWith('pagemap-7.img', (e) => nrPages(e, 0x29b79000, 3));
  const p3 = base['pages-3.img']!;
  b['pages-3.img'] = Buffer.concat([p3.subarray(0, 12 * PAGE), Buffer.alloc(PAGE, 0xab), p3.subarray(12 * PAGE)]);
  return b;
}

/** B without pid 7 (its pstree entry and images gone). */
export function withoutPid7(): Record<string, Buffer> {
  const b = changedImages();
  for (const n of ['core-7.img', 'ids-7.img', 'fs-7.img', 'mm-7.img', 'pagemap-7.img']) delete b[n];
  b['pstree.img'] = reencode(
    'pstree.img',
    'pstree_entry',
    rawEntries('pstree.img').filter((p) => p.pid !== 7),
  );
  return b;
}

/** A = the fixture, B = `images` (default: changedImages()), both of container h-memdiff. */
export function writeMemdiffPair(dir: string, images = changedImages(), name = 'b'): { a: string; b: string } {
  const paths = { a: join(dir, 'h-memdiff-a.tar'), b: join(dir, `h-memdiff-${name}.tar`) };
  writeFileSync(paths.a, checkpointTar(fixtureImages(), { 'config.dump': CONFIG }));
  writeFileSync(paths.b, checkpointTar(images, { 'config.dump': CONFIG }));
  return paths;
}
