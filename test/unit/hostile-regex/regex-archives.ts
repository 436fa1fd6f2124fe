// Hostile checkpoints for the regex and findings paths (issue 18): the
// fixture's real images with runs planted in pid 1's memory that make a
// backtracking engine take exponential or quadratic time, and a rootfs diff
// of very many files and of files made of newlines.
import { closeSync, openSync, writeSync } from 'node:fs';
import { PE_PRESENT } from '../../../electron/criu';
import { messageType } from '../../../electron/criu/schema';
import { fixtureImages, rawEntries, reencode } from '../../hostile/fixture-images';
import { BLOCK, END, entry, file, header, padding } from '../../hostile/tar-writer';

type Entry = Record<string, unknown>;
const PAGE = 4096;
/** Where the planted runs live: above every mapping of the fixture, below the end of user space. */
export const RUN_BASE = 0x7fff_f000_0000;

/** Entries of `type` framed as CRIU writes them (a 32-bit size, then the message), to append to an image. */
function framed(type: string, entries: readonly Entry[]): Buffer[] {
  return entries.flatMap((e) => {
    const payload = Buffer.from(messageType(type).encode(e).finish());
    const size = Buffer.alloc(4);
    size.writeUInt32LE(payload.length);
    return [size, payload];
  });
}

// Private anonymous read-write mapping (VMA_AREA_REGULAR | VMA_ANON_PRIVATE).
const anonVma = (start: number, end: number): Entry => ({ start, end, prot: 3, flags: 0x22, status: 0x201, fd: -1 });

export interface PlantedRun {
  address: number;
  bytes: Buffer;
}

/**
 * The fixture's images with each run (a whole number of pages) mapped in
 * pid 1 after its own memory, one unmapped page between runs, so each run
 * is searched as its own stretch of bytes.
 */
export function memoryImages(runs: readonly Buffer[]): { images: Record<string, Buffer>; planted: PlantedRun[] } {
  const images = fixtureImages();
  const [, ...own] = rawEntries('pagemap-1.img');
  const ownEnd = Math.max(...own.map((e) => Number(e['vaddr']) + Number(e['nr_pages']) * PAGE));
  if (ownEnd > RUN_BASE) throw new Error('the fixture maps memory where the planted runs go');
  const planted: PlantedRun[] = [];
  let at = RUN_BASE;
  for (const bytes of runs) {
    if (bytes.length % PAGE !== 0) throw new Error('a planted run must be whole pages');
    planted.push({ address: at, bytes });
    at += bytes.length + PAGE;
  }
  const added = planted.map((r) => ({
    vaddr: r.address,
    compat_nr_pages: 0,
    nr_pages: r.bytes.length / PAGE,
    flags: PE_PRESENT,
  }));
  images['pagemap-1.img'] = Buffer.concat([
    images['pagemap-1.img'] ?? Buffer.alloc(0),
    ...framed('pagemap_entry', added),
  ]);
  images['pages-1.img'] = Buffer.concat([images['pages-1.img'] ?? Buffer.alloc(0), ...runs]);
  const [mm] = rawEntries('mm-1.img');
  const vmas = [...((mm?.['vmas'] as Entry[] | undefined) ?? [])];
  for (const r of planted) vmas.push(anonVma(r.address, r.address + r.bytes.length));
  images['mm-1.img'] = reencode('mm-1.img', 'mm_entry', [{ ...mm, vmas }]);
  return { images, planted };
}

/** `fill` repeated over `pages` pages, the last byte replaced by `last`. */
export function run(fill: string, pages: number, last: string): Buffer {
  const bytes = Buffer.alloc(pages * PAGE, fill, 'latin1');
  bytes.write(last, bytes.length - last.length, 'latin1');
  return bytes;
}

/** Writes a checkpoint tar to `path`, members given in order; large payloads are written, not joined. */
export function writeCheckpoint(
  path: string,
  images: Record<string, Buffer>,
  rootfsDiff?: { size: number; write: (put: (b: Buffer) => void) => void },
): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    const put = (b: Buffer) => {
      for (let off = 0; off < b.length;) off += writeSync(fd, b, off);
    };
    put(file('config.dump', '{"id":"hostile-regex","rootfsImageName":"busybox"}'));
    put(file('spec.dump', '{"ociVersion":"1.0.2","process":{"args":["sh"]}}'));
    put(entry({ name: 'checkpoint/', type: '5', mode: 0o755 }));
    for (const [name, bytes] of Object.entries(images)) put(file(`checkpoint/${name}`, bytes));
    if (rootfsDiff) {
      put(header({ name: 'rootfs-diff.tar', size: rootfsDiff.size }));
      rootfsDiff.write(put);
      put(padding(rootfsDiff.size));
    }
    put(END);
  } finally {
    closeSync(fd);
  }
}

export interface RootfsFile {
  name: string;
  size: number;
  /** Writes the file's bytes (exactly `size` of them). */
  write: (put: (b: Buffer) => void) => void;
}

/** A nested rootfs-diff tar of the given files, sized up front and written in pieces. */
export function rootfsTar(files: readonly RootfsFile[]): { size: number; write: (put: (b: Buffer) => void) => void } {
  const blocks = (n: number) => Math.ceil(n / BLOCK) * BLOCK;
  const size = files.reduce((s, f) => s + BLOCK + blocks(f.size), 0) + END.length;
  return {
    size,
    write: (put) => {
      for (const f of files) {
        put(header({ name: f.name, size: f.size }));
        f.write(put);
        put(padding(f.size));
      }
      put(END);
    },
  };
}

/** A file of `size` bytes of `fill`, written a MiB at a time. */
export function filledFile(name: string, size: number, fill: string): RootfsFile {
  return {
    name,
    size,
    write: (put) => {
      const piece = Buffer.alloc(Math.min(size, 1 << 20), fill, 'latin1');
      for (let left = size; left > 0; left -= piece.length) put(left >= piece.length ? piece : piece.subarray(0, left));
    },
  };
}

export function smallFile(name: string, text: string): RootfsFile {
  const bytes = Buffer.from(text, 'latin1');
  return { name, size: bytes.length, write: (put) => put(bytes) };
}
