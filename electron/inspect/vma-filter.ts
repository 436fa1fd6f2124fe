import type { Vma } from '../../shared/dto';
import { AppError } from '../../shared/errors';

/**
 * What a VMA is, in the words of /proc/PID/maps and of checkpointctl issue
 * #208: one VMA may be several (a file mapped shared is `file` and `shared`).
 */
export const VMA_TYPES = ['anon', 'file', 'stack', 'heap', 'vdso', 'vvar', 'vsyscall', 'shared', 'shm'] as const;
export type VmaType = (typeof VMA_TYPES)[number];

/** The types of a VMA, from the row buildVmas made (its backing name, its flags). */
export function vmaTypes(v: Pick<Vma, 'file' | 'flags' | 'prot'>): VmaType[] {
  const types: VmaType[] = [];
  const special: Record<string, VmaType> = {
    '[stack]': 'stack',
    '[heap]': 'heap',
    '[vdso]': 'vdso',
    '[vvar]': 'vvar',
    '[vsyscall]': 'vsyscall',
  };
  const shm = v.file?.startsWith('SYSV') ?? false;
  const mapped =
    v.file !== null && !(v.file in special) && !shm && v.file !== '/dev/zero (deleted)' && v.file !== '[aio]';
  if (v.file !== null && v.file in special) types.push(special[v.file]!);
  if (mapped) types.push('file');
  // Heap and stack are anonymous memory too; so is shared anonymous memory.
  else if (!shm && (v.file === null || v.file === '[heap]' || v.file === '[stack]' || v.file === '/dev/zero (deleted)'))
    types.push('anon');
  if (shm) types.push('shm');
  if (shm || /\bMAP_SHARED\b/.test(v.flags) || v.prot.endsWith('s')) types.push('shared');
  return types;
}

/** The parsed form of `--filter` words (`prot=rw`, `type=heap,stack`, `file=*libc*`, `range=A-B`); every given key must hold. */
export interface VmaFilter {
  /** Each of r, w, x: true = must have it, false = must not have it. */
  prot?: { r?: boolean; w?: boolean; x?: boolean };
  /** Any of these. */
  types?: VmaType[];
  /** Backing file: a substring, or a glob when it holds * ? or [. */
  file?: { text: string; glob: RegExp | null };
  /** [start, end): a VMA must overlap it; search and saving clip to it. */
  range?: { start: number; end: number };
}

/** Longest filter word taken (a glob of that size is still a linear match). */
export const MAX_FILTER_CHARS = 1024;
export const FILTER_SYNTAX =
  'prot=rw|r-x, type=anon|file|stack|heap|vdso|vvar|vsyscall|shared|shm[,...], file=SUBSTRING|GLOB, range=START-END';

function bad(word: string, why: string): never {
  throw new AppError('INVALID_ARGUMENT', `filter '${word.slice(0, 80)}': ${why} (filters: ${FILTER_SYNTAX})`);
}

/** An address: 0x-hex or decimal, a safe integer. */
export function parseAddress(text: string, what: string): number {
  const n = /^(0x[0-9a-f]{1,14}|\d{1,16})$/i.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n))
    throw new AppError('INVALID_ARGUMENT', `${what}: '${text.slice(0, 40)}' is not an address (0x-hex or decimal)`);
  return n;
}

/** `A-B` (0x-hex or decimal, end exclusive) as [start, end). */
export function parseRange(text: string, what = 'range'): { start: number; end: number } {
  const parts = text.split('-');
  if (parts.length !== 2) throw new AppError('INVALID_ARGUMENT', `${what}: '${text.slice(0, 80)}' is not START-END`);
  const start = parseAddress(parts[0]!, what);
  const end = parseAddress(parts[1]!, what);
  if (end <= start) throw new AppError('INVALID_ARGUMENT', `${what}: '${text.slice(0, 80)}' ends before it starts`);
  return { start, end };
}

function parseProt(word: string, value: string): NonNullable<VmaFilter['prot']> {
  const prot: NonNullable<VmaFilter['prot']> = {};
  const letters = ['r', 'w', 'x'] as const;
  if (/^[r-][w-][x-][ps]?$/.test(value) && value.includes('-')) {
    // The maps form: every position says have or have not.
    letters.forEach((l, i) => (prot[l] = value[i] === l));
    return prot;
  }
  if (!/^[rwx]{1,3}$/.test(value)) bad(word, "prot wants letters of 'rwx' (must have) or the maps form like 'r-x'");
  for (const c of value) prot[c as 'r' | 'w' | 'x'] = true;
  return prot;
}

/** A glob (* ? [...]) as an anchored regex over the whole name; nothing else of the text is special. */
function globRegex(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        out += `[${body.startsWith('!') ? '^' + body.slice(1) : body}]`;
        i = close;
      }
    } else out += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 's');
}

/** Parses filter words; each word may also hold several, separated by spaces (the GUI's one box). */
export function parseVmaFilter(words: readonly string[]): VmaFilter {
  const filter: VmaFilter = {};
  for (const word of words.flatMap((w) => w.split(/\s+/)).filter((w) => w.length > 0)) {
    if (word.length > MAX_FILTER_CHARS) bad(word, `longer than ${MAX_FILTER_CHARS} characters`);
    const eq = word.indexOf('=');
    if (eq < 0) bad(word, 'not KEY=VALUE');
    const key = word.slice(0, eq);
    const value = word.slice(eq + 1);
    if (value.length === 0) bad(word, 'no value');
    if (key in filter) bad(word, `${key} is given twice`);
    if (key === 'prot') filter.prot = parseProt(word, value);
    else if (key === 'type') {
      const types = value.split(',');
      for (const t of types) if (!(VMA_TYPES as readonly string[]).includes(t)) bad(word, `'${t}' is not a VMA type`);
      filter.types = types as VmaType[];
    } else if (key === 'file') filter.file = { text: value, glob: /[*?[]/.test(value) ? globRegex(value) : null };
    else if (key === 'range') {
      try {
        filter.range = parseRange(value, 'range');
      } catch (error) {
        bad(word, error instanceof Error ? error.message : String(error));
      }
    } else bad(word, `unknown key '${key}'`);
  }
  return filter;
}

export function isEmptyFilter(filter: VmaFilter): boolean {
  return Object.keys(filter).length === 0;
}

export function vmaMatches(filter: VmaFilter, v: Vma): boolean {
  if (filter.prot) {
    for (const l of ['r', 'w', 'x'] as const) {
      const want = filter.prot[l];
      if (want !== undefined && v.prot.includes(l) !== want) return false;
    }
  }
  if (filter.types && !vmaTypes(v).some((t) => filter.types!.includes(t))) return false;
  if (filter.file) {
    const name = v.file;
    if (name === null) return false;
    if (filter.file.glob ? !filter.file.glob.test(name) : !name.includes(filter.file.text)) return false;
  }
  if (filter.range && !(v.start < filter.range.end && v.end > filter.range.start)) return false;
  return true;
}

export function filterVmas(vmas: readonly Vma[], filter: VmaFilter): Vma[] {
  return vmas.filter((v) => vmaMatches(filter, v));
}

/**
 * The address runs a filter admits, ascending and disjoint: the matching
 * VMAs, clipped to the filter's range. What a filtered search scans.
 */
export function filterRuns(vmas: readonly Vma[], filter: VmaFilter): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const sorted = filterVmas(vmas, filter).sort((a, b) => a.start - b.start);
  for (const v of sorted) {
    const start = Math.max(v.start, filter.range?.start ?? v.start);
    const end = Math.min(v.end, filter.range?.end ?? v.end);
    if (end <= start) continue;
    const last = out[out.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out;
}

/** Runs ∩ allowed, both ascending and disjoint. */
export function intersectRuns(
  runs: readonly { start: number; end: number }[],
  allowed: readonly { start: number; end: number }[],
): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let j = 0;
  for (const r of runs) {
    while (j < allowed.length && allowed[j]!.end <= r.start) j++;
    for (let k = j; k < allowed.length && allowed[k]!.start < r.end; k++) {
      const start = Math.max(r.start, allowed[k]!.start);
      const end = Math.min(r.end, allowed[k]!.end);
      if (end > start) out.push({ start, end });
    }
  }
  return out;
}
