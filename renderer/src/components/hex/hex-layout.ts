export interface HexSegment {
  start: number;
  end: number;
  /** A boundary line shown above the segment (a VMA's range, protection and file). */
  label: string | null;
  /** What the region map colours it by (a VMA's protection); absent: plain. */
  tone?: RegionTone;
  /** False when none of its bytes are in the checkpoint (the map draws it hollow). */
  dumped?: boolean;
}

export type RegionTone = 'exec' | 'write' | 'read' | 'none';

export type HexRowModel =
  | { kind: 'label'; segment: number; text: string; address: number }
  | { kind: 'data'; segment: number; address: number };

export const BYTES_PER_ROW = 16;

/**
 * Maps row numbers to addresses over sparse segments (an address space is
 * mostly holes), without materialising rows: a GiB is 64 Mi rows.
 */
export class HexLayout {
  readonly segments: HexSegment[];
  private readonly firstRow: number[] = [];
  readonly rowCount: number;

  constructor(segments: HexSegment[]) {
    this.segments = segments.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
    let row = 0;
    for (const s of this.segments) {
      this.firstRow.push(row);
      row += (s.label === null ? 0 : 1) + this.dataRows(s);
    }
    this.rowCount = row;
  }

  private dataRows(s: HexSegment): number {
    const base = s.start - (s.start % BYTES_PER_ROW);
    return Math.ceil((s.end - base) / BYTES_PER_ROW);
  }

  private segmentOfRow(row: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.firstRow[mid] as number) <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  row(index: number): HexRowModel | null {
    if (index < 0 || index >= this.rowCount) return null;
    const segment = this.segmentOfRow(index);
    const s = this.segments[segment] as HexSegment;
    let offset = index - (this.firstRow[segment] as number);
    if (s.label !== null) {
      if (offset === 0) return { kind: 'label', segment, text: s.label, address: s.start };
      offset -= 1;
    }
    const base = s.start - (s.start % BYTES_PER_ROW);
    return { kind: 'data', segment, address: base + offset * BYTES_PER_ROW };
  }

  /** The row a segment's label (or, without one, its first data row) is on. */
  firstRowOf(segment: number): number {
    return this.firstRow[segment] ?? 0;
  }

  /** The row showing `address`, or null when no segment holds it. */
  rowOfAddress(address: number): number | null {
    for (let i = 0; i < this.segments.length; i++) {
      const s = this.segments[i] as HexSegment;
      if (address < s.start || address >= s.end) continue;
      const base = s.start - (s.start % BYTES_PER_ROW);
      return (this.firstRow[i] as number) + (s.label === null ? 0 : 1) + Math.floor((address - base) / BYTES_PER_ROW);
    }
    return null;
  }

  get lastAddress(): number {
    return this.segments.reduce((m, s) => Math.max(m, s.end), 0);
  }
}
