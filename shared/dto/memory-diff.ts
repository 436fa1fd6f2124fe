// The memory diff of two checkpoints: per process (matched by pid and command
// line) and per VMA (matched by start, end and backing file), the pages
// added, removed and changed, compared by content (each differing page named
// by its SHA-256).
import type { DiffProblem } from './forensics';

/** A VMA as one side has it. */
export interface MemoryDiffVmaSide {
  start: number;
  end: number;
  prot: string;
  file: string | null;
}

/**
 * Counts of one process or VMA. `same`: pages in both with equal bytes;
 * `unread`: pages one side has whose pagemap entry on the other side holds no
 * bytes in that dump (a parent dump's, lazy, past the pages file): not compared.
 */
export interface MemoryDiffCounts {
  added: number;
  removed: number;
  changed: number;
  same: number;
  unread: number;
}

/**
 * How a VMA of A meets one of B: `same` (start, end and file equal), `moved`
 * (same file and size, another start), `resized` (same file and one end kept),
 * `added` (B only), `removed` (A only).
 */
export type VmaMatch = 'same' | 'moved' | 'resized' | 'added' | 'removed';

export interface MemoryDiffVma extends MemoryDiffCounts {
  match: VmaMatch;
  a: MemoryDiffVmaSide | null;
  b: MemoryDiffVmaSide | null;
  /** What differs between the two (moved, resized, protection), in words; null when nothing. */
  moved: string | null;
}

/**
 * One page that differs. `added`: dumped in B only; `removed`: dumped in A
 * only (its VMA may be there without the page); `unread`: dumped on one side,
 * named by the other side's pagemap without its bytes (see `unreadSide`).
 */
export interface MemoryDiffPage {
  address: number;
  kind: 'added' | 'removed' | 'changed' | 'unread';
  /** For `unread`: the side whose dump lacks the page's bytes. */
  unreadSide?: 'a' | 'b';
  /** SHA-256 of the page on each side (hex, first 16 digits); null where it is not dumped. */
  hashA: string | null;
  hashB: string | null;
}

export interface MemoryDiffProcess extends MemoryDiffCounts {
  pid: number;
  comm: string;
  cmdline: string[];
  /** `both`: same pid and command line on each side; else only one side has it. */
  match: 'both' | 'added' | 'removed';
  /** VMAs with a difference (every VMA of an added or removed process). */
  vmas: MemoryDiffVma[];
  /** VMAs on both sides with nothing changed. */
  vmasSame: number;
  /** The pages that differ, in address order (the first MAX_MEMORY_DIFF_PAGES of the whole diff). */
  pages: MemoryDiffPage[];
  /** False when a side's memory of this process could not be read wholly (see the problems). */
  complete: boolean;
}

export interface MemoryDiff extends MemoryDiffCounts {
  pageSize: number;
  processes: MemoryDiffProcess[];
  /** Pages that differ but are not listed (past MAX_MEMORY_DIFF_PAGES); counted all the same. */
  pagesNotListed: number;
  /** Bytes hashed on both sides. */
  bytesCompared: number;
  problems: DiffProblem[];
}
