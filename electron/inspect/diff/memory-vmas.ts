// VMAs of one process in two checkpoints, paired: same start, end and file;
// else the same file moved (same size) or resized (one end kept); the rest
// added or removed. Each pair then counts the pages that fall in it.
import type { MemoryDiffVma, MemoryDiffVmaSide, VmaMatch } from '../../../shared/dto/memory-diff';
import type { Vma } from '../../../shared/dto';

const hex = (n: number) => `0x${n.toString(16)}`;
const side = (v: Vma): MemoryDiffVmaSide => ({ start: v.start, end: v.end, prot: v.prot, file: v.file });

function movedText(match: VmaMatch, a: Vma, b: Vma): string | null {
  const words: string[] = [];
  if (match === 'moved') words.push(`moved ${hex(a.start)} → ${hex(b.start)}`);
  if (match === 'resized') {
    if (a.start !== b.start) words.push(`start ${hex(a.start)} → ${hex(b.start)}`);
    if (a.end !== b.end) words.push(`end ${hex(a.end)} → ${hex(b.end)}`);
  }
  if (a.prot !== b.prot) words.push(`protection ${a.prot} → ${b.prot}`);
  return words.length > 0 ? words.join(', ') : null;
}

const row = (match: VmaMatch, a: Vma | null, b: Vma | null): MemoryDiffVma => ({
  match,
  a: a && side(a),
  b: b && side(b),
  moved: a && b ? movedText(match, a, b) : null,
  added: 0,
  removed: 0,
  changed: 0,
  same: 0,
  unread: 0,
});

/** The VMAs of A and B paired (a map per rule: linear in the VMA count). */
export function pairVmas(a: readonly Vma[], b: readonly Vma[]): MemoryDiffVma[] {
  const left = new Set(a);
  const right = new Set(b);
  const out: MemoryDiffVma[] = [];
  /** Pairs what has equal keys; a null key pairs nothing. */
  const pass = (match: VmaMatch, key: (v: Vma) => string | null) => {
    const byKey = new Map<string, Vma>();
    for (const v of left) {
      const k = key(v);
      if (k !== null && !byKey.has(k)) byKey.set(k, v);
    }
    for (const v of right) {
      const k = key(v);
      const old = k === null ? undefined : byKey.get(k);
      if (!old || !left.has(old)) continue;
      left.delete(old);
      right.delete(v);
      out.push(row(match, old, v));
    }
  };
  const file = (v: Vma) => v.file ?? '';
  pass('same', (v) => `${v.start}:${v.end}:${file(v)}`);
  // Anonymous VMAs of one size are many: only a named file says which one moved.
  pass('moved', (v) => (v.file ? `${v.end - v.start}:${v.file}` : null));
  pass('resized', (v) => `s${v.start}:${file(v)}`);
  pass('resized', (v) => `e${v.end}:${file(v)}`);
  for (const v of left) out.push(row('removed', v, null));
  for (const v of right) out.push(row('added', null, v));
  return out.sort((x, y) => (x.b ?? x.a)!.start - (y.b ?? y.a)!.start);
}

/**
 * Finds the VMA pair a page falls in: B's range for a page B has, else A's.
 * Pages come in address order, so one cursor per side suffices.
 */
export function vmaLocator(rows: readonly MemoryDiffVma[]): (address: number, inB: boolean) => MemoryDiffVma | null {
  const bySide = (k: 'a' | 'b') =>
    rows.filter((r) => r[k] !== null).sort((x, y) => x[k]!.start - y[k]!.start) as (MemoryDiffVma & {
      a: MemoryDiffVmaSide;
      b: MemoryDiffVmaSide;
    })[];
  const sides = { a: bySide('a'), b: bySide('b') };
  const cursor = { a: 0, b: 0 };
  return (address, inB) => {
    const k = inB ? 'b' : 'a';
    const list = sides[k];
    while (cursor[k] < list.length && list[cursor[k]]![k].end <= address) cursor[k]++;
    const r = list[cursor[k]];
    return r && r[k].start <= address ? r : null;
  };
}
