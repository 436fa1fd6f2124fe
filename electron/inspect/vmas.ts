import type { MemoryUsageRow, ProblemInfo, Vma } from '../../shared/dto';
import { arr, bitNames, field, flagsValue, isEntry, numField } from './crit-values';
import type { FileTable } from './file-table';
import { limitText, MAX_VMA_NAME_CHARS, MAX_VMAS } from './limits';
import { ListedProblems } from './listed-problems';
import { presentBytes, presentBytesIn } from './pagemap';
import type { MemoryReaderLike } from './ports';

const PROT: ReadonlyArray<readonly [number, string]> = [
  [1, 'PROT_READ'],
  [2, 'PROT_WRITE'],
  [4, 'PROT_EXEC'],
];
const MAP: ReadonlyArray<readonly [number, string]> = [
  [0x1, 'MAP_SHARED'],
  [0x2, 'MAP_PRIVATE'],
  [0x10, 'MAP_FIXED'],
  [0x20, 'MAP_ANON'],
  [0x100, 'MAP_GROWSDOWN'],
  [0x800, 'MAP_DENYWRITE'],
  [0x1000, 'MAP_EXECUTABLE'],
  [0x2000, 'MAP_LOCKED'],
  [0x4000, 'MAP_NORESERVE'],
  [0x8000, 'MAP_POPULATE'],
  [0x10000, 'MAP_NONBLOCK'],
  [0x20000, 'MAP_STACK'],
  [0x40000, 'MAP_HUGETLB'],
];
const STATUS: ReadonlyArray<readonly [number, string]> = [
  [1 << 0, 'VMA_AREA_REGULAR'],
  [1 << 1, 'VMA_AREA_STACK'],
  [1 << 2, 'VMA_AREA_VSYSCALL'],
  [1 << 3, 'VMA_AREA_VDSO'],
  [1 << 5, 'VMA_AREA_HEAP'],
  [1 << 6, 'VMA_FILE_PRIVATE'],
  [1 << 7, 'VMA_FILE_SHARED'],
  [1 << 8, 'VMA_ANON_SHARED'],
  [1 << 9, 'VMA_ANON_PRIVATE'],
  [1 << 10, 'VMA_AREA_SYSVIPC'],
  [1 << 11, 'VMA_AREA_SOCKET'],
  [1 << 12, 'VMA_AREA_VVAR'],
  [1 << 13, 'VMA_AREA_AIORING'],
  [1 << 14, 'VMA_AREA_MEMFD'],
];
function status(vma: unknown, name: string): boolean {
  const bits = flagsValue(field(vma, 'status'), STATUS);
  const hit = STATUS.find(([, n]) => n === name);
  return hit !== undefined && (bits & hit[0]) !== 0;
}

/** What backs a VMA, in /proc/PID/maps words. */
function backing(vma: unknown, files: FileTable | null, mm: unknown): string | null {
  const shmid = numField(vma, 'shmid');
  if (status(vma, 'VMA_FILE_PRIVATE') || status(vma, 'VMA_FILE_SHARED') || status(vma, 'VMA_AREA_MEMFD')) {
    return files?.regName(shmid) ?? `file #${shmid ?? '?'}`;
  }
  // CRIU marks few VMAs STACK/HEAP; the mm's stack and brk addresses tell them as /proc/PID/maps does.
  const start = numField(vma, 'start') ?? 0;
  const end = numField(vma, 'end') ?? 0;
  const stack = numField(mm, 'mm_start_stack');
  const brkStart = numField(mm, 'mm_start_brk');
  const brkEnd = numField(mm, 'mm_brk');
  if (status(vma, 'VMA_AREA_STACK') || (stack !== null && stack >= start && stack < end)) return '[stack]';
  if (
    status(vma, 'VMA_AREA_HEAP') ||
    (brkStart !== null && brkEnd !== null && brkEnd > brkStart && start <= brkStart && end >= brkEnd)
  )
    return '[heap]';
  if (status(vma, 'VMA_AREA_VDSO')) return '[vdso]';
  if (status(vma, 'VMA_AREA_VVAR')) return '[vvar]';
  if (status(vma, 'VMA_AREA_VSYSCALL')) return '[vsyscall]';
  if (status(vma, 'VMA_AREA_SYSVIPC')) return `SYSV${(shmid ?? 0).toString(16).padStart(8, '0')}`;
  if (status(vma, 'VMA_ANON_SHARED')) return '/dev/zero (deleted)';
  if (status(vma, 'VMA_AREA_AIORING')) return '[aio]';
  return null;
}

/** A process's VMAs and what is wrong with them (overlaps, limits), as problems of its mm image. */
export interface VmaList {
  rows: Vma[];
  problems: ProblemInfo[];
}

/** VMAs that overlap an earlier one (by start), named: one sort and one pass. */
function overlaps(rows: readonly Vma[], problems: ListedProblems): void {
  const sorted = rows.filter((v) => v.end > v.start).sort((a, b) => a.start - b.start);
  let widest: Vma | undefined;
  for (const v of sorted) {
    if (widest && v.start < widest.end) {
      const w = widest;
      problems.add(
        'overlapping VMAs',
        () =>
          `VMAs 0x${w.start.toString(16)}-0x${w.end.toString(16)} and 0x${v.start.toString(16)}-0x${v.end.toString(16)} overlap`,
      );
    }
    if (!widest || v.end > widest.end) widest = v;
  }
}

/**
 * The VMAs of mm-PID.img's first entry with protection, flags, backing and
 * dumped bytes, in image order. Overlapping VMAs are listed as they are and
 * named in `problems`; past MAX_VMAS the rest are counted, not read.
 */
export function buildVmas(
  mmEntries: readonly unknown[],
  pagemap: MemoryReaderLike | null,
  files: FileTable | null,
  pid: number,
): VmaList {
  const mm = mmEntries[0];
  const where = `checkpoint/mm-${pid}.img`;
  const corrupt = new ListedProblems();
  const limited: ProblemInfo[] = [];
  const all = arr(field(mm, 'vmas'));
  if (all.length > MAX_VMAS)
    limited.push({
      where,
      pid,
      code: 'LIMIT_EXCEEDED',
      message: `${all.length} VMAs, more than ${limitText('MAX_VMAS')}: the last ${all.length - MAX_VMAS} are not listed`,
    });
  let nameChars = 0;
  let unnamed = 0;
  const rows = all
    .slice(0, MAX_VMAS)
    .filter(isEntry)
    .map((vma, i) => {
      const start = numField(vma, 'start') ?? 0;
      const stated = numField(vma, 'end') ?? start;
      if (stated < start)
        corrupt.add('VMAs ending before they start', () => `VMA ${i} at 0x${start.toString(16)} ends before it starts`);
      const end = Math.max(start, stated);
      const prot = flagsValue(vma['prot'], PROT);
      const flags = flagsValue(vma['flags'], MAP);
      const protText = `${prot & 1 ? 'r' : '-'}${prot & 2 ? 'w' : '-'}${prot & 4 ? 'x' : '-'}${flags & 1 ? 's' : 'p'}`;
      let file = backing(vma, files, mm);
      // Thousands of VMAs can name one long file: the list's names are bounded as a whole.
      if (file !== null && (nameChars += file.length) > MAX_VMA_NAME_CHARS) {
        file = `file #${numField(vma, 'shmid') ?? '?'}`;
        unnamed++;
      }
      return {
        start,
        end,
        prot: protText,
        flags: bitNames(flags, MAP).join(' | '),
        offset: numField(vma, 'pgoff') ?? 0,
        file,
        dumped: pagemap ? presentBytesIn(pagemap, start, end) : 0,
      };
    });
  overlaps(rows, corrupt);
  if (unnamed > 0)
    limited.push({
      where,
      pid,
      code: 'LIMIT_EXCEEDED',
      message: `the VMAs' file names pass ${limitText('MAX_VMA_NAME_CHARS')}: ${unnamed} VMAs name their file by id`,
    });
  const problems = corrupt.lines().map((message) => ({ where, pid, code: 'IMAGE_CORRUPT' as const, message }));
  return { rows, problems: [...problems, ...limited] };
}

export function memoryUsageRow(
  pid: number,
  comm: string,
  vmas: readonly Vma[],
  pagemap: MemoryReaderLike | null,
): MemoryUsageRow {
  return {
    pid,
    comm,
    vmaCount: vmas.length,
    virtualSize: vmas.reduce((sum, v) => sum + (v.end - v.start), 0),
    dumpedSize: pagemap ? presentBytes(pagemap) : 0,
  };
}

/** Bytes of memory shared between processes (shmem) is not in any pagemap: the size of anon-shared VMAs. */
export function sharedSize(vmas: readonly Vma[]): number {
  return vmas
    .filter((v) => v.file === '/dev/zero (deleted)' || (v.file?.startsWith('SYSV') ?? false))
    .reduce((s, v) => s + v.end - v.start, 0);
}
