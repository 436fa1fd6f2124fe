import { AppError } from '../../shared/errors';
import { PE_LAZY, PE_PARENT, PE_PRESENT } from './crit-forms';
import type { DecodedImage } from './decode-image';

/** Random access to a file (the pages image) without loading it whole. */
export interface RandomAccess {
  size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

/** One pagemap entry, located: its pages are [pagesOffset, pagesOffset + end - start) of pages-N.img when inFile. */
export interface PagemapRange {
  start: number;
  end: number;
  flags: number;
  /** Offset in the pages file where this range's data would start. */
  pagesOffset: number;
  /** PE_PRESENT and wholly inside the pages file. */
  inFile: boolean;
}

export interface MemoryRead {
  address: number;
  /** `length` bytes; pages with no data in this dump read as zeros. */
  data: Buffer;
  pageSize: number;
  /** Address of the page holding `address`. */
  firstPage: number;
  /** Per page from firstPage: whether its bytes came from the pages file. */
  present: boolean[];
}

export const MAX_MEMORY_READ = 64 * 1024 * 1024;

function field(entry: unknown, name: string): unknown {
  return typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[name] : undefined;
}

/**
 * The memory of one process from its pagemap (decoded with pretty: false) and
 * its pages-<pages_id>.img. CRIU writes the pages of PE_PRESENT entries one
 * after another in pagemap order; PE_PARENT pages live in a parent dump we do
 * not have. Entries the pages file cannot back, that overlap, are unaligned or
 * lie beyond 2^53 are listed in `problems` and read as absent.
 */
export class MemoryReader {
  readonly pagesId: number;
  readonly problems: string[] = [];
  private readonly entries: PagemapRange[] = [];

  constructor(
    pagemap: DecodedImage,
    private readonly pages: RandomAccess,
    readonly pageSize = 4096,
  ) {
    if (pagemap.magic !== 'PAGEMAP') throw new AppError('INVALID_ARGUMENT', `not a pagemap image: ${pagemap.magic}`);
    const pagesId = field(pagemap.entries[0], 'pages_id');
    if (typeof pagesId !== 'number') throw new AppError('IMAGE_CORRUPT', 'pagemap has no pagemap_head with pages_id');
    this.pagesId = pagesId;
    let offset = 0;
    pagemap.entries.slice(1).forEach((entry, i) => {
      const index = i + 1;
      const vaddr = field(entry, 'vaddr');
      const nrPages = field(entry, 'nr_pages') ?? field(entry, 'compat_nr_pages');
      const rawFlags = field(entry, 'flags');
      const inParent = field(entry, 'in_parent') === true;
      // Images from before pagemap flags: in_parent or else present.
      const flags = typeof rawFlags === 'number' ? rawFlags : inParent ? PE_PARENT : PE_PRESENT;
      const length = typeof nrPages === 'number' ? nrPages * pageSize : Infinity;
      if (
        typeof vaddr !== 'number' ||
        !Number.isSafeInteger(vaddr + length) ||
        !Number.isSafeInteger(offset + length)
      ) {
        this.problems.push(`pagemap entry ${index}: range beyond 2^53; ignored`);
        // Where later pages sit in the file is unknown now: none of them is trusted.
        offset = Number.MAX_SAFE_INTEGER;
        return;
      }
      const present = (flags & PE_PRESENT) !== 0;
      const range: PagemapRange = { start: vaddr, end: vaddr + length, flags, pagesOffset: offset, inFile: present };
      if (present) {
        offset += length;
        if (offset > pages.size) {
          this.problems.push(
            `pagemap entry ${index}: pages ${range.pagesOffset}..${offset} lie past the end of pages-${pagesId}.img (${pages.size} bytes)`,
          );
          range.inFile = false;
        }
      }
      if (vaddr % pageSize !== 0) {
        this.problems.push(`pagemap entry ${index}: address 0x${vaddr.toString(16)} is not page aligned; ignored`);
        return;
      }
      if (length > 0) this.entries.push(range);
    });
    this.entries.sort((a, b) => a.start - b.start);
    for (let i = 1; i < this.entries.length; i++) {
      const prev = this.entries[i - 1]!;
      const cur = this.entries[i]!;
      if (cur.start < prev.end) {
        this.problems.push(
          `pagemap ranges at 0x${prev.start.toString(16)} and 0x${cur.start.toString(16)} overlap; the second is ignored`,
        );
        this.entries.splice(i--, 1);
      }
    }
    if (offset < pages.size)
      this.problems.push(`pages-${pagesId}.img has ${pages.size - offset} bytes no pagemap entry uses`);
  }

  /** Every located pagemap entry in address order (including parent and lazy ones). */
  allRanges(): readonly PagemapRange[] {
    return this.entries;
  }

  /** The ranges whose bytes are in the pages file, in address order. */
  ranges(): PagemapRange[] {
    return this.entries.filter((r) => r.inFile);
  }

  /** Whether a pagemap entry says the pages are lazy (served by a page server at restore). */
  static isLazy(range: PagemapRange): boolean {
    return (range.flags & PE_LAZY) !== 0;
  }

  private firstEndingAfter(address: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.end <= address) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  async read(address: number, length: number): Promise<MemoryRead> {
    if (!Number.isSafeInteger(address) || address < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw new AppError('INVALID_ARGUMENT', 'address and length must be non-negative integers');
    }
    if (length > MAX_MEMORY_READ) throw new AppError('LIMIT_EXCEEDED', `reads are limited to ${MAX_MEMORY_READ} bytes`);
    const end = address + length;
    if (!Number.isSafeInteger(end)) throw new AppError('INVALID_ARGUMENT', 'range beyond 2^53');
    const data = Buffer.alloc(length);
    const firstPage = address - (address % this.pageSize);
    const present = new Array<boolean>(length === 0 ? 0 : Math.ceil((end - firstPage) / this.pageSize)).fill(false);
    // A zero-length read touches no page (else a range around `address` would mark one present).
    if (length === 0) return { address, data, pageSize: this.pageSize, firstPage, present };
    for (let i = this.firstEndingAfter(address); i < this.entries.length; i++) {
      const range = this.entries[i]!;
      if (range.start >= end) break;
      if (!range.inFile) continue;
      const from = Math.max(address, range.start);
      const to = Math.min(end, range.end);
      const chunk = await this.pages.read(range.pagesOffset + (from - range.start), to - from);
      if (chunk.length !== to - from) throw new AppError('IMAGE_CORRUPT', `pages-${this.pagesId}.img: short read`);
      chunk.copy(data, from - address);
      const lastPage = Math.floor((to - 1 - firstPage) / this.pageSize);
      for (let p = Math.floor((from - firstPage) / this.pageSize); p <= lastPage; p++) present[p] = true;
    }
    return { address, data, pageSize: this.pageSize, firstPage, present };
  }
}
