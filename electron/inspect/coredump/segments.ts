// The PT_LOAD segments of a core file from mm.img's VMAs and the pages the
// checkpoint holds. A segment's bytes in the file are only pages from the
// pages image: a VMA wholly in the dump is one segment with its bytes, one
// with no page in the dump is one segment with file size 0 (gdb then reads
// file-backed pages from the mapped file, and says it cannot read the rest),
// and a VMA partly dumped is split where its dumped pages start and end, each
// piece with the VMA's flags. No byte is made up.
import { arr, field, numField } from '../crit-values';
import { MAX_VMAS } from '../limits';
import { PF_R, PF_W, PF_X } from './elf';
import type { MappedFile } from './process-notes';
import { u64 } from './u64';

const PROT_READ = 1;
const PROT_WRITE = 2;
const PROT_EXEC = 4;
const VMA_FILE_PRIVATE = 1 << 6;
const VMA_FILE_SHARED = 1 << 7;
const VMA_AREA_MEMFD = 1 << 14;

export interface Segment {
  start: bigint;
  end: bigint;
  flags: number;
  /** Whether [start, end) is wholly in the pages image (its bytes go in the file), else file size 0. */
  dumped: boolean;
}

export interface SegmentPlan {
  segments: Segment[];
  files: MappedFile[];
  /** VMAs whose backing file has no name in files.img. */
  unnamedFiles: number;
  /** Bytes of the VMAs that are not in the dump (written with file size 0). */
  absentBytes: bigint;
  /** VMAs left out: past MAX_VMAS, or overlapping an earlier one (a hostile mm could repeat one dumped run without end). */
  cut: number;
  overlapping: number;
}

/** ELF segment flags from a VMA's protection. */
export function segmentFlags(prot: number): number {
  return (prot & PROT_READ ? PF_R : 0) | (prot & PROT_WRITE ? PF_W : 0) | (prot & PROT_EXEC ? PF_X : 0);
}

/** The VMAs in address order, split at the dumped runs (runs: ascending, disjoint). */
export function planSegments(
  mm: unknown,
  runs: readonly { start: number; end: number }[],
  fileName: (shmid: number | null) => string | null,
): SegmentPlan {
  const plan: SegmentPlan = { segments: [], files: [], unnamedFiles: 0, absentBytes: 0n, cut: 0, overlapping: 0 };
  const all = arr(field(mm, 'vmas'));
  plan.cut = Math.max(0, all.length - MAX_VMAS);
  const vmas = all
    .slice(0, MAX_VMAS)
    .map((vma) => ({ vma, start: u64(field(vma, 'start')), end: u64(field(vma, 'end')) }))
    .filter(
      (v): v is { vma: unknown; start: bigint; end: bigint } => v.start !== null && v.end !== null && v.end > v.start,
    )
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let run = 0;
  let covered = 0n;
  for (const { vma, start, end } of vmas) {
    if (start < covered) {
      plan.overlapping++;
      continue;
    }
    covered = end;
    const flags = segmentFlags(numField(vma, 'prot') ?? 0);
    const status = numField(vma, 'status') ?? 0;
    if (status & (VMA_FILE_PRIVATE | VMA_FILE_SHARED | VMA_AREA_MEMFD)) {
      const name = fileName(numField(vma, 'shmid'));
      if (name === null) plan.unnamedFiles++;
      else plan.files.push({ start, end, offset: u64(field(vma, 'pgoff')) ?? 0n, name });
    }
    while (run < runs.length && BigInt(runs[run]!.end) <= start) run++;
    let at = start;
    for (let r = run; r < runs.length && BigInt(runs[r]!.start) < end; r++) {
      const from = BigInt(runs[r]!.start) > at ? BigInt(runs[r]!.start) : at;
      const to = BigInt(runs[r]!.end) < end ? BigInt(runs[r]!.end) : end;
      if (from > at) plan.segments.push({ start: at, end: from, flags, dumped: false });
      plan.segments.push({ start: from, end: to, flags, dumped: true });
      at = to;
    }
    if (at < end) plan.segments.push({ start: at, end, flags, dumped: false });
  }
  for (const s of plan.segments) if (!s.dumped) plan.absentBytes += s.end - s.start;
  return plan;
}
