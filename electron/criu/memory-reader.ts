import { AppError } from '../../shared/errors';
import { PE_LAZY, PE_PARENT, PE_PRESENT } from './crit-forms';
import type { DecodedImage } from './decode-image';
import { ListedProblems } from '../inspect/listed-problems';

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
  /**
   * The parent dump's pages file, for a PE_PARENT range the parent holds
   * (pagesOffset is then an offset in it); absent: this dump's own.
   */
  source?: RandomAccess;
  fromParent?: boolean;
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
 * The pagemap entries (after the head) located in the pages file: CRIU
 * writes the pages of PE_PRESENT entries one after another in pagemap order.
 * Returns them unsorted, with the end of the last located page.
 */
function locate(
  entries: readonly unknown[],
  pagesSize: number,
  pageSize: number,
  pagesId: number,
  problems: ListedProblems,
): { ranges: PagemapRange[]; end: number } {
  const ranges: PagemapRange[] = [];
  let offset = 0;
  for (let index = 1; index < entries.length; index++) {
    const entry = entries[index];
    const vaddr = field(entry, 'vaddr');
    const nrPages = field(entry, 'nr_pages') ?? field(entry, 'compat_nr_pages');
    const rawFlags = field(entry, 'flags');
    // Images from before pagemap flags: in_parent or else present.
    const flags = typeof rawFlags === 'number' ? rawFlags : field(entry, 'in_parent') === true ? PE_PARENT : PE_PRESENT;
    const length = typeof nrPages === 'number' ? nrPages * pageSize : Infinity;
    if (typeof vaddr !== 'number' || !Number.isSafeInteger(vaddr + length) || !Number.isSafeInteger(offset + length)) {
      problems.add('entries beyond 2^53', () => `pagemap entry ${index}: range beyond 2^53; ignored`);
      // Where later pages sit in the file is unknown now: none of them is trusted.
      offset = Number.MAX_SAFE_INTEGER;
      continue;
    }
    const present = (flags & PE_PRESENT) !== 0;
    const range: PagemapRange = { start: vaddr, end: vaddr + length, flags, pagesOffset: offset, inFile: present };
    if (present) {
      offset += length;
      if (offset > pagesSize) {
        const end = offset;
        problems.add(
          'entries past the pages file',
          () =>
            `pagemap entry ${index}: pages ${range.pagesOffset}..${end} lie past the end of pages-${pagesId}.img (${pagesSize} bytes)`,
        );
        range.inFile = false;
      }
    }
    if (vaddr % pageSize !== 0) {
      problems.add(
        'unaligned entries',
        () => `pagemap entry ${index}: address 0x${vaddr.toString(16)} is not page aligned; ignored`,
      );
      continue;
    }
    if (length > 0) ranges.push(range);
  }
  return { ranges, end: offset };
}

/**
 * The ranges in address order with every one that overlaps an earlier kept
 * one left out and named: one sort and one pass, so 200,000 entries piled on
 * the same pages cost n log n, not n^2.
 */
function withoutOverlaps(ranges: PagemapRange[], problems: ListedProblems): PagemapRange[] {
  ranges.sort((a, b) => a.start - b.start);
  const kept: PagemapRange[] = [];
  for (const cur of ranges) {
    const prev = kept[kept.length - 1];
    if (prev && cur.start < prev.end) {
      problems.add(
        'overlapping pagemap entries',
        () =>
          `pagemap ranges at 0x${prev.start.toString(16)} and 0x${cur.start.toString(16)} overlap; the second is ignored`,
      );
      continue;
    }
    kept.push(cur);
  }
  return kept;
}

/**
 * The PE_PARENT ranges of `own` replaced by the parent's located pages where
 * the parent has them (what CRIU restore reads through checkpoint/parent);
 * what the parent lacks stays absent and is counted in `missing`.
 */
function withParent(
  own: PagemapRange[],
  parent: readonly PagemapRange[],
  parentPages: RandomAccess,
): { ranges: PagemapRange[]; missing: number } {
  const out: PagemapRange[] = [];
  const located = parent.filter((p) => p.inFile);
  let missing = 0;
  let j = 0;
  for (const r of own) {
    if (r.inFile || (r.flags & PE_PARENT) === 0) {
      out.push(r);
      continue;
    }
    while (j < located.length && located[j]!.end <= r.start) j++;
    let at = r.start;
    for (let k = j; k < located.length && located[k]!.start < r.end; k++) {
      const p = located[k]!;
      const from = Math.max(at, p.start);
      const to = Math.min(r.end, p.end);
      if (to <= from) continue;
      if (from > at) out.push({ ...r, start: at, end: from });
      out.push({
        start: from,
        end: to,
        flags: p.flags,
        pagesOffset: p.pagesOffset + (from - p.start),
        inFile: true,
        source: p.source ?? parentPages,
        fromParent: true,
      });
      at = to;
    }
    if (at < r.end) {
      out.push({ ...r, start: at, end: r.end });
      missing += r.end - at;
    }
  }
  return { ranges: out, missing };
}

/** The parent dump of an incremental one (Podman --with-previous: its pre-checkpoint), for one process. */
export interface ParentMemory {
  /** Where it is, for messages: `pre-checkpoint/pagemap-7.img` in `pre.tar`. */
  where: string;
  /** Null when the parent has no pagemap for this process. */
  reader: MemoryReader | null;
  pages: RandomAccess;
}

/**
 * The memory of one process from its pagemap (decoded with pretty: false) and
 * its pages-<pages_id>.img. CRIU writes the pages of PE_PRESENT entries one
 * after another in pagemap order; PE_PARENT pages live in the parent dump:
 * read from it when one is given (withParent), else absent and said
 * (parentProblem). Entries the pages file cannot back, that overlap, are
 * unaligned or lie beyond 2^53 are listed in `problems` and read as absent.
 */
export class MemoryReader {
  readonly pagesId: number;
  /** PE_PARENT bytes no parent supplied (none attached, or it lacks them), in words; null when none: not a corrupt image. */
  readonly parentProblem: string | null;
  /** At most MAX_LISTED_PROBLEMS of each kind, then how many more. */
  readonly problems: readonly string[];
  private readonly entries: PagemapRange[];

  constructor(
    pagemap: DecodedImage,
    private readonly pages: RandomAccess,
    readonly pageSize = 4096,
    parent: ParentMemory | null = null,
  ) {
    if (pagemap.magic !== 'PAGEMAP') throw new AppError('INVALID_ARGUMENT', `not a pagemap image: ${pagemap.magic}`);
    const pagesId = field(pagemap.entries[0], 'pages_id');
    if (typeof pagesId !== 'number') throw new AppError('IMAGE_CORRUPT', 'pagemap has no pagemap_head with pages_id');
    this.pagesId = pagesId;
    const problems = new ListedProblems();
    const located = locate(pagemap.entries, pages.size, pageSize, pagesId, problems);
    if (pagemap.truncated)
      problems.add(
        'truncated pagemaps',
        () => `pagemap holds more entries than the decoder's entry limit; the rest are not read`,
      );
    const own = withoutOverlaps(located.ranges, problems);
    const merged = parent
      ? withParent(own, parent.reader?.allRanges() ?? [], parent.pages)
      : {
          ranges: own,
          missing: own.filter((r) => !r.inFile && (r.flags & PE_PARENT) !== 0).reduce((n, r) => n + r.end - r.start, 0),
        };
    this.entries = merged.ranges;
    this.parentProblem =
      merged.missing === 0
        ? null
        : parent
          ? `${merged.missing} bytes marked in the parent dump are not in ${parent.where} either; they read as absent`
          : `${merged.missing} bytes are in the parent dump (a pre-checkpoint), which is not attached; open the archive with its parent to read them`;
    if (located.end < pages.size)
      problems.add(
        'unused pages',
        () => `pages-${pagesId}.img has ${pages.size - located.end} bytes no pagemap entry uses`,
      );
    this.problems = problems.lines();
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
      const chunk = await (range.source ?? this.pages).read(range.pagesOffset + (from - range.start), to - from);
      if (chunk.length !== to - from)
        throw new AppError(
          'IMAGE_CORRUPT',
          `${range.fromParent ? "the parent's pages" : `pages-${this.pagesId}.img`}: short read`,
        );
      chunk.copy(data, from - address);
      const lastPage = Math.floor((to - 1 - firstPage) / this.pageSize);
      for (let p = Math.floor((from - firstPage) / this.pageSize); p <= lastPage; p++) present[p] = true;
    }
    return { address, data, pageSize: this.pageSize, firstPage, present };
  }
}
